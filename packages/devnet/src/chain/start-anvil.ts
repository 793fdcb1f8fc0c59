import { type ChildProcess, spawn } from 'node:child_process'
import { ANVIL_ACCOUNTS, ANVIL_MNEMONIC } from '../config.js'
import { DevnetError } from '../errors.js'
import { resolveAnvilBinary } from './anvil-binary.js'
import { guardAgainstOrphan } from './orphan-guard.js'

export type StartAnvilParameters = {
  chainId: number
  port: number
  /** Hex state as produced by `anvil_dumpState` (gzipped) or a path; loaded with `--load-state`. */
  loadStatePath?: string | undefined
  /** Seconds between automatic blocks; omitted means a block per transaction. */
  blockTime?: number | undefined
  host?: string | undefined
}

export type AnvilInstance = {
  chainId: number
  port: number
  rpcUrl: string
  process: ChildProcess
  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and resolves when it has exited. */
  stop: () => Promise<void>
}

/**
 * Starts one anvil process and resolves once its RPC answers `eth_chainId` with the expected id.
 *
 * @example
 * const anvil = await startAnvil({ chainId: 1, port: 8545 })
 * await anvil.stop()
 */
export async function startAnvil(parameters: StartAnvilParameters): Promise<AnvilInstance> {
  const { chainId, port, loadStatePath, blockTime, host = '127.0.0.1' } = parameters
  const args = [
    '--chain-id',
    String(chainId),
    '--port',
    String(port),
    '--host',
    host,
    '--silent',
    '--accounts',
    String(ANVIL_ACCOUNTS),
    '--mnemonic',
    ANVIL_MNEMONIC,
    '--balance',
    '10000',
  ]
  if (loadStatePath) args.push('--load-state', loadStatePath)
  if (blockTime) args.push('--block-time', String(blockTime))

  const rpcUrl = `http://${host}:${port}`
  // A node already answering there (say another devnet's anvil of the same chain id) would pass
  // the readiness check below while our anvil fails to bind.
  if ((await readChainId(rpcUrl)) !== undefined) {
    throw new DevnetError(`Port ${port} is already serving a node.`, {
      details: 'Stop the other devnet or pick other ports.',
    })
  }
  const child = spawn(resolveAnvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (child.pid) guardAgainstOrphan(child.pid)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) {
      throw new DevnetError(`anvil for chain ${chainId} exited during start (code ${child.exitCode}).`, {
        details: stderr.trim() || `Is port ${port} already in use?`,
      })
    }
    const id = await readChainId(rpcUrl)
    if (id === chainId) break
    if (id !== undefined) {
      child.kill('SIGKILL')
      throw new DevnetError(`Port ${port} answers with chain id ${id}, expected ${chainId}.`, {
        details: 'Another node is listening on that port.',
      })
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new DevnetError(`anvil for chain ${chainId} did not answer on ${rpcUrl} within 15 s.`, {
        details: stderr.trim(),
      })
    }
    await new Promise((r) => setTimeout(r, 25))
  }

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
    await exited
    clearTimeout(timer)
  }
  return { chainId, port, rpcUrl, process: child, stop }
}

async function readChainId(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(500),
    })
    const body = (await response.json()) as { result?: string }
    return body.result ? Number(body.result) : undefined
  } catch {
    return undefined
  }
}
