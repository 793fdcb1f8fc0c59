import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The `xmargin` executable of this package. */
export const xmarginBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'xmargin.js')

/** What a finished CLI run printed and returned. */
export type CliResult = { code: number | null; stdout: string; stderr: string }

/**
 * Runs `xmargin <args>` as a real process (stderr is not a terminal: JSON logs, no bars).
 *
 * @example
 * const { code, stdout } = await runCli(['init', 'x.config.ts'], { cwd: dir })
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [xmarginBin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A running `xmargin dev` and what it printed so far. */
export type DevProcess = {
  child: ChildProcess
  url: string
  output: () => { stdout: string; stderr: string }
}

/**
 * Starts `xmargin dev <args>` (in `env`, default this process's) and resolves once it prints its
 * GraphQL URL (the first sync is done). The URL is read from the banner, so `--port 0` works.
 *
 * @example
 * const dev = await startDev(['--port', '0', '--rpc-ports', '0,0,0'])
 */
export function startDev(
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<DevProcess> {
  const { timeoutMs = 120_000, env = process.env } = options
  const child = spawn(process.execPath, [xmarginBin, 'dev', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const output = () => ({ stdout, stderr })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`xmargin dev not ready in ${timeoutMs} ms\n${stdout}\n${stderr}`))
    }, timeoutMs)
    const check = () => {
      const url = /GraphQL\s+(http:\/\/\S+\/graphql)/.exec(stdout)?.[1]
      if (url && stdout.includes('Ctrl-C stops')) {
        clearTimeout(timer)
        child.stdout.off('data', check)
        resolve({ child, url, output })
      }
    }
    child.stdout.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`xmargin dev exited with ${code} before it was ready\n${stdout}\n${stderr}`))
    })
  })
}

/** A running `xmargin start|serve --config …` and the GraphQL URL it serves. */
export type NetworkProcess = DevProcess

/**
 * Starts `xmargin start <args>` (or `serve` with `mode: 'serve'`; `cwd` is where the config lives)
 * and resolves once it logs `running` (the first sync is done and the API listens), with the
 * GraphQL URL that line names (so `--port 0`, a port the OS picks, works).
 *
 * @example
 * const start = await startNetwork(['--config', 'x.config.ts', '--port', '0'], { cwd: dir })
 */
export function startNetwork(
  args: readonly string[],
  options: { cwd: string; timeoutMs?: number; mode?: 'start' | 'serve' },
): Promise<NetworkProcess> {
  const mode = options.mode ?? 'start'
  const child = spawn(process.execPath, [xmarginBin, mode, '--no-progress', ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const output = () => ({ stdout, stderr })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`xmargin ${mode} not running in ${options.timeoutMs ?? 120_000} ms\n${stderr}`))
    }, options.timeoutMs ?? 120_000)
    const check = () => {
      const line = stderr.split('\n').find((l) => l.includes('"msg":"running"'))
      if (!line) return
      clearTimeout(timer)
      child.stderr.off('data', check)
      // Log lines cut URLs to their origin; the API's path is logged beside it.
      const running = JSON.parse(line) as { url: string | null; path: string | null }
      if (!running.url || !running.path) {
        child.kill('SIGKILL')
        reject(new Error(`xmargin ${mode} logged no API URL\n${stderr}`))
        return
      }
      resolve({ child, url: new URL(running.path, running.url).href, output })
    }
    child.stderr.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`xmargin ${mode} exited with ${code} before it was running\n${stdout}\n${stderr}`))
    })
  })
}

/**
 * Stops a `dev` or `start` process with SIGTERM and waits for it to exit.
 *
 * @example
 * await stopProcess(dev)
 */
export async function stopProcess(process_: DevProcess | undefined): Promise<void> {
  if (!process_ || process_.child.exitCode !== null || process_.child.signalCode !== null) return
  const exited = new Promise((resolve) => process_.child.once('exit', resolve))
  process_.child.kill('SIGTERM')
  await exited
}

/**
 * Every descendant process id of `pid` (children, their children…), from `ps`.
 *
 * @example
 * descendants(dev.child.pid!) // [anvil, anvil, anvil, watchdog sh…]
 */
export function descendants(pid: number): { pid: number; command: string }[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), command: m[3] ?? '' }))
  const found: { pid: number; command: string }[] = []
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push({ pid: row.pid, command: row.command })
      walk(row.pid)
    }
  }
  walk(pid)
  return found
}

/**
 * Whether a process id is still alive.
 *
 * @example
 * isAlive(12345) // false
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
