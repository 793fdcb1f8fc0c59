import { type ChildProcess, spawn } from 'node:child_process'

/** How a process ended: its exit code, or the signal that ended it. */
export type Exit = { code: number | null; signal: NodeJS.Signals | null }

/** A process started in its own process group, with everything it printed so far. */
export type GroupProcess = {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  /** Resolves with the match once stdout matches `pattern`; rejects if the process exits first. */
  waitForStdout: (pattern: RegExp, timeoutMs: number) => Promise<RegExpExecArray>
  /**
   * Sends `signal` to the whole group (as Ctrl-C in a terminal does) and resolves once every
   * process of the group has exited, with how the leader ended.
   */
  stop: (signal?: NodeJS.Signals, timeoutMs?: number) => Promise<Exit>
}

/**
 * Starts `command args` in a new process group (so a stop reaches pnpm, node and every anvil it
 * started), capturing stdout and stderr.
 *
 * @example
 * const dev = startGroup('bash', ['scripts/run.sh', 'dev'], { cwd: clone })
 * await dev.waitForStdout(/Ctrl-C stops/, 300_000)
 */
export function startGroup(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): GroupProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )

  const waitForStdout = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out)
        if (!match) return
        cleanup()
        resolve(match)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(
          new Error(`no ${pattern} on stdout within ${timeoutMs} ms\n--- stdout\n${out}\n--- stderr\n${err}`),
        )
      }, timeoutMs)
      const onExit = (code: number | null) => {
        cleanup()
        reject(new Error(`exited with ${code} before ${pattern}\n--- stdout\n${out}\n--- stderr\n${err}`))
      }
      const cleanup = () => {
        clearTimeout(timer)
        child.stdout?.off('data', check)
        child.off('exit', onExit)
      }
      child.stdout?.on('data', check)
      child.once('exit', onExit)
      check()
    })

  const stop = async (signal: NodeJS.Signals = 'SIGINT', timeoutMs = 30_000) => {
    signalGroup(child, signal)
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs)
    const exit = await exited
    while (groupAlive(child)) await new Promise((resolve) => setTimeout(resolve, 50))
    clearTimeout(timer)
    return exit
  }

  return { child, stdout: () => out, stderr: () => err, waitForStdout, stop }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // the group is gone already
  }
}

/** What a finished command printed and returned. */
export type CommandResult = { code: number | null; stdout: string; stderr: string }

/**
 * Runs a shell command line to its end (`bash -c`), as a user would type it.
 *
 * @example
 * const { code, stdout } = await runShell('pnpm xmargin margin 0x…', { cwd: clone })
 */
export function runShell(
  line: string,
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], {
      cwd: options.cwd,
      env: options.env ?? process.env,
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

/**
 * Posts a GraphQL document and returns the parsed JSON body (errors included, never thrown).
 *
 * @example
 * const body = await postGraphql(url, '{ chains { chainId } }')
 */
export async function postGraphql(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: Record<string, unknown> | null; errors?: { message: string }[] }> {
  const response = await fetch(url, {
    method: 'POST',
    // One connection per request: a pooled keep-alive connection that the server closes at its
    // keepAliveTimeout (5 s) while a busy machine delays the client fails a POST with "other side
    // closed" (seen in init-from-devnet). These tests do not test connection reuse.
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      connection: 'close',
    },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string }[] }
}
