import { execFileSync } from 'node:child_process'
import { readFileSync, readlinkSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { processInstance, readPidNamespace } from './process-identity.js'

describe('process identity', () => {
  test('readPidNamespace() is the kernel boot id and the pid namespace, the same for another process of this namespace', () => {
    // Without pid namespaces (macOS, Windows) the host has one pid space, named by its platform.
    if (process.platform !== 'linux') return expect(readPidNamespace()).toBe(process.platform)
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    expect(readPidNamespace()).toBe(`${bootId}/${readlinkSync('/proc/self/ns/pid')}`)
    expect(readPidNamespace()).toMatch(/^[0-9a-f-]{36}\/pid:\[\d+\]$/)
    const child = execFileSync(
      process.execPath,
      [
        '-e',
        "const fs = require('node:fs'); process.stdout.write(fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() + '/' + fs.readlinkSync('/proc/self/ns/pid'))",
      ],
      { encoding: 'utf8' },
    )
    expect(child).toBe(readPidNamespace())
  })

  test('processInstance() is one random id per process', () => {
    expect(processInstance()).toMatch(/^[0-9a-f-]{36}$/)
    expect(processInstance()).toBe(processInstance())
  })
})
