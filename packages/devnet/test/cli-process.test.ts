import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { DevnetManifest } from '../src/manifest.js'

const packageRoot = join(import.meta.dirname, '..')

/** Every `devnet start` a test spawned: killed after the test even when an assertion failed first. */
const spawned: ChildProcess[] = []
/** The manifest folders the tests made: removed after each test. */
const folders: string[] = []
afterEach(() => {
  for (const child of spawned.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** Starts `devnet start` as a child process on ports the OS picks (0) and waits for its ready line. */
async function startCli(): Promise<{ child: ChildProcess; manifest: DevnetManifest; output: () => string }> {
  const folder = mkdtempSync(join(tmpdir(), 'xmargin-devnet-'))
  folders.push(folder)
  const manifestPath = join(folder, 'devnet.json')
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      'start',
      '--port-ethereum',
      '0',
      '--port-arbitrum',
      '0',
      '--port-base',
      '0',
      '--block-time',
      '0',
      '--heartbeat',
      '0',
      '--manifest',
      manifestPath,
    ],
    { cwd: packageRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  spawned.push(child)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const deadline = Date.now() + 120_000
  while (!output.includes('devnet: ready')) {
    if (child.exitCode !== null) throw new Error(`devnet start exited early:\n${output}`)
    if (Date.now() > deadline) throw new Error(`devnet start not ready in time:\n${output}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DevnetManifest
  // The banner arrives in several stdout chunks: wait for its last wallet line too.
  const last = manifest.wallets.at(-1)?.address ?? ''
  while (!output.includes(last)) {
    if (Date.now() > deadline) throw new Error(`devnet start printed no wallet list:\n${output}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return { child, manifest, output: () => output }
}

/** Process ids of the anvils `pid` started (its direct children running anvil). */
function anvilChildren(pid: number): number[] {
  return (
    execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
      // The executable itself, not any process naming anvil (the watchdogs are given its cache folder).
      .filter(
        (m): m is RegExpExecArray => m !== null && Number(m[2]) === pid && /^\S*\/anvil\s/.test(m[3] ?? ''),
      )
      .map((m) => Number(m[1]))
  )
}

/** The `--cache-path` folder an anvil process was started with (where it keeps states moved out of memory). */
function anvilCacheDir(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  const dir = args[args.indexOf('--cache-path') + 1]
  if (!args.includes('--cache-path') || !dir)
    throw new Error(`anvil ${pid} has no --cache-path: ${args.join(' ')}`)
  return dir
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return check()
}

describe('devnet start (as a process)', () => {
  test('prints the chains and demo wallets, and SIGTERM stops every anvil', async () => {
    const { child, manifest, output } = await startCli()
    const anvils = anvilChildren(child.pid!)
    expect(anvils).toHaveLength(3)
    const cacheDirs = anvils.map(anvilCacheDir)
    expect(cacheDirs.filter(existsSync)).toHaveLength(3)
    expect(output()).toContain('near-liquidation')
    // Started with port 0: the ready line and the manifest name the ports the OS picked.
    const ports = manifest.chains.map((c) => Number(new URL(c.rpcUrl).port))
    expect(new Set(ports).size).toBe(3)
    for (const port of ports) expect(port).toBeGreaterThan(0)
    for (const chain of manifest.chains) expect(output()).toContain(chain.rpcUrl)

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(anvils.filter(isAlive)).toEqual([])
    expect(cacheDirs.filter(existsSync)).toEqual([])
  })

  test('SIGKILL of the devnet process leaves no orphaned anvil, nor its cache folder, behind', async () => {
    const { child } = await startCli()
    const anvils = anvilChildren(child.pid!)
    expect(anvils).toHaveLength(3)
    const cacheDirs = anvils.map(anvilCacheDir)
    expect(cacheDirs.filter(existsSync)).toHaveLength(3)
    child.kill('SIGKILL')
    // The watchdog polls every 0.3 s, and removes the folder once its anvil is gone.
    expect(await waitUntil(() => anvils.filter(isAlive).length === 0, 5000)).toBe(true)
    expect(await waitUntil(() => cacheDirs.filter(existsSync).length === 0, 5000)).toBe(true)
  })
})
