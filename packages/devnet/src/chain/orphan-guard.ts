import { spawn } from 'node:child_process'

export type GuardAgainstOrphanOptions = {
  /** A folder of the child's to remove once the child has exited (its own cleanup when we die first). */
  removeAfterExit?: string | undefined
}

/**
 * Starts a tiny detached `sh` watchdog that kills `childPid` as soon as this process is gone,
 * even when this process dies by SIGKILL and cannot clean up itself. Once the child has exited,
 * however it stopped, the watchdog removes `removeAfterExit` (if given) and exits.
 *
 * @example
 * guardAgainstOrphan(anvil.pid, { removeAfterExit: cacheDir })
 */
export function guardAgainstOrphan(childPid: number, options: GuardAgainstOrphanOptions = {}): void {
  // The folder comes in as "$1", never spliced into the script. After the kill, the child may stay a
  // zombie until its new parent reaps it: wait for that a bounded while (5 s), then remove the folder.
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${childPid} 2>/dev/null; do sleep 0.3; done`,
    `kill -9 ${childPid} 2>/dev/null`,
    `n=0; while kill -0 ${childPid} 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); done`,
    `if [ -n "$1" ]; then rm -rf -- "$1"; fi`,
    'exit 0',
  ].join('\n')
  const watchdog = spawn('sh', ['-c', script, 'sh', options.removeAfterExit ?? ''], {
    detached: true,
    stdio: 'ignore',
  })
  watchdog.unref()
}
