import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The `xmargin-indexer` executable of this package. */
export const daemonBin = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'bin',
  'xmargin-indexer.js',
)

/** One JSON log line of the daemon (pino): `level`, `msg` and the stable keys. */
export type LogLine = { level: number; msg: string; [key: string]: unknown }

/** A running daemon: its process, its parsed log lines so far, and a wait for a line or the exit. */
export type DaemonProcess = {
  child: ChildProcess
  stdout: () => string
  /** Everything written to stderr so far. */
  stderr: () => string
  lines: () => LogLine[]
  /** Resolves with the first line that matches; rejects after `ms` or when the process exits first. */
  waitForLine: (match: (line: LogLine) => boolean, ms: number) => Promise<LogLine>
  /** Resolves with the exit code. */
  exited: Promise<number | null>
}

/**
 * Starts `xmargin-indexer <args>` as a real process (stdout and stderr piped, not a terminal).
 *
 * @example
 * const daemon = startDaemon(['--config', 'xmargin.config.ts'], { cwd: dir })
 * await daemon.waitForLine((l) => l.msg === 'running', 120_000)
 */
export function startDaemon(args: readonly string[], options: { cwd: string }): DaemonProcess {
  const child = spawn(process.execPath, [daemonBin, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let allStderr = ''
  const lines: LogLine[] = []
  const waiters = new Set<() => void>()
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    allStderr += chunk.toString()
    const complete = stderr.lastIndexOf('\n')
    if (complete < 0) return
    for (const text of stderr.slice(0, complete).split('\n'))
      if (text.startsWith('{')) lines.push(JSON.parse(text) as LogLine)
    stderr = stderr.slice(complete + 1)
    for (const wake of waiters) wake()
  })
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
  const waitForLine = (match: (line: LogLine) => boolean, ms: number) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(match)
        if (!found) return
        done()
        resolve(found)
      }
      const timer = setTimeout(() => {
        done()
        reject(
          new Error(`no matching log line in ${ms} ms:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`),
        )
      }, ms)
      const onExit = (code: number | null) => {
        done()
        reject(new Error(`exited with ${code} first:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`))
      }
      function done() {
        clearTimeout(timer)
        waiters.delete(check)
        child.off('close', onExit)
      }
      waiters.add(check)
      child.once('close', onExit)
      check()
    })
  return {
    child,
    stdout: () => stdout,
    stderr: () => allStderr,
    lines: () => [...lines],
    waitForLine,
    exited,
  }
}

/**
 * Runs `xmargin-indexer <args>` to its exit.
 *
 * @example
 * const { code, lines } = await runDaemonUntilExit(['--config', 'bad.config.ts'], { cwd: dir })
 */
export async function runDaemonUntilExit(
  args: readonly string[],
  options: { cwd: string },
): Promise<{ code: number | null; stdout: string; lines: LogLine[] }> {
  const daemon = startDaemon(args, options)
  const code = await daemon.exited
  return { code, stdout: daemon.stdout(), lines: daemon.lines() }
}
