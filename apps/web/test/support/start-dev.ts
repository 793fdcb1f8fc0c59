import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DevnetManifest, readManifest } from '@xmargin/devnet'

const xmarginBin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'cli', 'bin', 'xmargin.js')

/** A running `xmargin dev` on ports the OS picked, over a temporary database and manifest. */
export type DevServer = {
  /** The dashboard's URL (`http://127.0.0.1:<port>/`). */
  origin: string
  /** The GraphQL endpoint. */
  graphql: string
  manifest: DevnetManifest
  /** The admin key `xmargin dev` generated and printed (mutations). */
  adminKey: string
  child: ChildProcess
  /** Everything `xmargin dev` printed so far (stdout and stderr), for a failing test to show. */
  output: () => string
  stop: () => Promise<void>
}

/** Parameters of {@link startDevServer}. */
export type StartDevServerParameters = {
  /** More `xmargin dev` options, e.g. `['--max-price-age', '20']` (they follow the defaults, so they win). */
  args?: readonly string[] | undefined
  timeoutMs?: number | undefined
}

/**
 * Starts the real `xmargin dev` (devnet, indexer, API and dashboard) on ports the OS picks as each
 * server binds (`--port 0 --rpc-ports 0,0,0`; the banner and the manifest name them) with one block
 * per transaction and no feed heartbeat, so the book only changes when a test changes it; resolves
 * once it prints its banner.
 *
 * @example
 * const dev = await startDevServer()
 * await dev.stop()
 */
export async function startDevServer(parameters: StartDevServerParameters = {}): Promise<DevServer> {
  const { args: extra = [], timeoutMs = 240_000 } = parameters
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-web-'))
  const manifestPath = join(dir, 'devnet.json')
  const args = [
    ...['dev', '--port', '0', '--rpc-ports', '0,0,0'],
    ...['--db', join(dir, 'dev.db'), '--manifest', manifestPath, '--block-time', '0', '--heartbeat', '0'],
    ...['--no-progress', '--log-level', 'warn'],
    ...extra,
  ]
  const child = spawn(process.execPath, [xmarginBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const graphql = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`xmargin dev not ready in ${timeoutMs} ms\n${out}`)),
        timeoutMs,
      )
      const check = () => {
        const url = /GraphQL\s+(http:\/\/\S+\/graphql)/.exec(out)?.[1]
        if (url && out.includes('Ctrl-C stops')) {
          clearTimeout(timer)
          resolve(url)
        }
      }
      child.stdout?.on('data', check)
      void exited.then(() => {
        clearTimeout(timer)
        reject(new Error(`xmargin dev exited before it was ready\n${out}`))
      })
    })
    const adminKey = /admin key\s+(\S+)/.exec(out)?.[1]
    if (!adminKey) throw new Error(`xmargin dev printed no admin key\n${out}`)
    return {
      origin: graphql.replace(/graphql$/, ''),
      graphql,
      manifest: readManifest(manifestPath),
      adminKey,
      child,
      output: () => out,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
