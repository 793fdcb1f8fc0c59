import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ANVIL_ACCOUNTS, ANVIL_MNEMONIC } from '../config.js'
import { DevnetError } from '../errors.js'
import { resolveAnvilBinary } from './anvil-binary.js'
import { readListeningPort } from './listening-port.js'
import { guardAgainstOrphan } from './orphan-guard.js'

export type StartAnvilParameters = {
  chainId: number
  /**
   * The RPC port. `0` lets the OS pick a free port when anvil binds, read back from anvil's output
   * into the instance's `port` and `rpcUrl`: nothing can take it in between, unlike a port picked
   * beforehand (what tests and side-by-side devnets use).
   */
  port: number
  /** Hex state as produced by `anvil_dumpState` (gzipped) or a path; loaded with `--load-state`. */
  loadStatePath?: string | undefined
  /** Seconds between automatic blocks; omitted means a block per transaction. */
  blockTime?: number | undefined
  host?: string | undefined
  /** The anvil executable; default: the binary `@foundry-rs/anvil` ships for this platform. */
  binary?: string | undefined
  /**
   * Told every `slowNoticeMs` (default 15,000) while anvil runs but has not bound its port or
   * answered yet: the start keeps waiting, for as long as the process lives.
   */
  log?: ((message: string) => void) | undefined
  slowNoticeMs?: number | undefined
}

export type AnvilInstance = {
  chainId: number
  /** The port anvil bound: the requested one, or the OS's pick for `port: 0`. */
  port: number
  rpcUrl: string
  process: ChildProcess
  /**
   * Where anvil writes the historical states it moves out of memory (`--cache-path`): a temp folder of
   * this instance's own, removed as soon as anvil has exited, however it stopped.
   */
  cacheDir: string
  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and resolves when it has exited. */
  stop: () => Promise<void>
}

/**
 * Starts one anvil process and resolves once it has bound its port (its `Listening on` line) and
 * its RPC answers `eth_chainId` with the expected id. With `port: 0` the OS picks the port.
 *
 * There is no deadline: a start fails when anvil exits (its own error then) or a wrong node answers,
 * never because a busy machine made it slow. A start taking long is reported through `log` while it
 * continues; Ctrl-C stops it (the orphan guard stops anvil with its parent).
 *
 * @example
 * const anvil = await startAnvil({ chainId: 1, port: 0 })
 * console.log(anvil.rpcUrl) // http://127.0.0.1:<the port the OS picked>
 * await anvil.stop()
 */
export async function startAnvil(parameters: StartAnvilParameters): Promise<AnvilInstance> {
  const { chainId, port: requested, loadStatePath, blockTime, host = '127.0.0.1', log } = parameters
  const slowNoticeMs = parameters.slowNoticeMs ?? 15_000
  // Not `--silent`: that also hides the `Listening on` line, the only place a port picked by the OS
  // appears. Everything after it (one line per RPC call) is drained and dropped.
  const args = [
    '--chain-id',
    String(chainId),
    '--port',
    String(requested),
    '--host',
    host,
    '--accounts',
    String(ANVIL_ACCOUNTS),
    '--mnemonic',
    ANVIL_MNEMONIC,
    '--balance',
    '10000',
  ]
  if (loadStatePath) args.push('--load-state', loadStatePath)
  if (blockTime) args.push('--block-time', String(blockTime))
  // A node already answering on a requested port (say another devnet's anvil of the same chain id)
  // would make our anvil fail to bind: say so plainly.
  if (requested !== 0 && (await readChainId(`http://${host}:${requested}`)) !== undefined) {
    throw new DevnetError(`Port ${requested} is already serving a node.`, {
      details: 'Stop the other devnet or pick other ports (0 lets the OS pick free ones).',
    })
  }
  // Left to itself, anvil keeps these states under ~/.foundry/anvil/tmp and leaves them there when it
  // exits, whatever the signal (about 77 MB per 1,000 blocks; a day of `xmargin dev` mines 43,200 per
  // chain). A folder we own, removed on exit, here and by the orphan watchdog if this process dies first.
  const binary = parameters.binary ?? resolveAnvilBinary()
  const cacheDir = mkdtempSync(join(tmpdir(), 'xmargin-anvil-'))
  args.push('--cache-path', cacheDir)
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const removeCache = () => rmSync(cacheDir, { recursive: true, force: true })
  child.once('exit', removeCache)
  child.once('error', removeCache)
  if (child.pid) guardAgainstOrphan(child.pid, { removeAfterExit: cacheDir })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  let stdout = ''
  const readStartup = (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-16_000)
  }
  child.stdout?.on('data', readStartup)
  // Settles when the process is gone (its output read to the end), whether it exited, was killed by a
  // signal or never started.
  const gone = new Promise<string>((resolve) => {
    child.once('close', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`))
    child.once('error', (error) => resolve(error.message))
  })
  let ended: string | undefined
  void gone.then((how) => {
    ended = how
  })

  const started = Date.now()
  let port: number | undefined
  const notice = setInterval(() => {
    const waiting = port === undefined ? 'bound a port' : `answered on port ${port}`
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    log?.(
      `devnet: anvil for chain ${chainId} has not ${waiting} after ${seconds} s; still waiting (a busy machine starts it slowly).`,
    )
  }, slowNoticeMs)
  try {
    for (;;) {
      if (ended !== undefined) {
        throw new DevnetError(`anvil for chain ${chainId} exited during start (${ended}).`, {
          details: stderr.trim() || (requested !== 0 ? `Is port ${requested} already in use?` : undefined),
        })
      }
      port ??= readListeningPort(stdout)
      if (port !== undefined) {
        // Our own anvil has bound this port: one long wait for its answer rather than short probes
        // asked again (a loaded machine can take longer than any short probe to answer, and every new
        // probe would start the wait over), cut short if the process goes.
        const id = await Promise.race([
          readChainId(`http://${host}:${port}`, 60_000),
          gone.then(() => undefined),
        ])
        if (id === chainId) break
        if (id !== undefined) {
          child.kill('SIGKILL')
          throw new DevnetError(`Port ${port} answers with chain id ${id}, expected ${chainId}.`, {
            details: 'Another node is listening on that port.',
          })
        }
      }
      await new Promise((r) => setTimeout(r, 25))
    }
  } finally {
    clearInterval(notice)
  }
  // Keep draining anvil's per-call log lines, or it would block on a full pipe.
  child.stdout?.off('data', readStartup)
  child.stdout?.resume()

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await gone
    clearTimeout(timer)
  }
  return { chainId, port, rpcUrl: `http://${host}:${port}`, process: child, cacheDir, stop }
}

/**
 * The chain id a node answers at `rpcUrl`, or undefined when nothing answers within `timeoutMs`
 * (default 500: a probe of a port that may hold nothing).
 *
 * @example
 * await readChainId('http://127.0.0.1:8545') // 1, or undefined
 */
export async function readChainId(rpcUrl: string, timeoutMs = 500): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const body = (await response.json()) as { result?: string }
    return body.result ? Number(body.result) : undefined
  } catch {
    return undefined
  }
}
