import { randomUUID } from 'node:crypto'
import { readFileSync, readlinkSync } from 'node:fs'

/** This process's instance id: random, drawn once per process. */
const instance = randomUUID()

/**
 * A random id drawn once per process: every writer lease of this process records it beside its pid
 * and host, so two processes that show the same host name and pid (two containers) stay told apart.
 *
 * @example
 * await store.acquireWriterLock({ owner: randomUUID(), instance: processInstance(), … })
 */
export function processInstance(): string {
  return instance
}

/** Return type of {@link readPidNamespace}. */
export type ReadPidNamespaceReturnType = string | null

/**
 * The pid namespace this process runs in: two processes can see each other's pids (`kill(pid, 0)`)
 * exactly when they share it. On Linux `<kernel boot id>/<pid namespace>`, from
 * `/proc/sys/kernel/random/boot_id` and the `/proc/self/ns/pid` link (`368fe4fe-…/pid:[4026531836]`):
 * containers of one machine share the boot id but not the pid namespace, and two machines (or two boots
 * of one) never share the boot id. Elsewhere (no pid namespaces) the platform, e.g. `darwin`: the host
 * has one pid space, and the writer lock compares host names too. Null when Linux's `/proc` cannot be
 * read (a sandbox): unknown, so no writer declares this one dead by its pid (it waits for the timeout).
 *
 * @example
 * readPidNamespace() // '368fe4fe-93b7-47b0-892f-dd60ecbac3e6/pid:[4026531836]'
 */
export function readPidNamespace(): ReadPidNamespaceReturnType {
  if (process.platform !== 'linux') return process.platform
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    return `${bootId}/${readlinkSync('/proc/self/ns/pid')}`
  } catch {
    return null
  }
}
