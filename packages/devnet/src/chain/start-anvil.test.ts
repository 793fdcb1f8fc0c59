import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { mineBlocks } from '../vitest/mine-blocks.js'
import { type AnvilInstance, readChainId, startAnvil } from './start-anvil.js'

const started: AnvilInstance[] = []
const servers: Server[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(started.splice(0).map((anvil) => anvil.stop()))
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/**
 * An executable standing in for anvil: it runs `body` (Node) with `chainId` parsed from its
 * arguments and `listen(answerAfterMs)`, which binds a port the OS picks, prints anvil's
 * `Listening on` line and answers `eth_chainId` after that delay.
 */
function fakeAnvil(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-fake-anvil-'))
  dirs.push(dir)
  const file = join(dir, 'anvil')
  writeFileSync(
    file,
    `#!${process.execPath}
const { createServer } = require('node:http')
const chainId = Number(process.argv[process.argv.indexOf('--chain-id') + 1])
const listen = (answerAfterMs) => {
  const server = createServer((_request, response) =>
    setTimeout(() => response.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x' + chainId.toString(16) })), answerAfterMs),
  )
  server.listen(0, '127.0.0.1', () => process.stdout.write('Listening on 127.0.0.1:' + server.address().port + '\\n'))
}
${body}
`,
  )
  chmodSync(file, 0o755)
  return file
}

async function chainIdAt(rpcUrl: string): Promise<number> {
  const response = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
  })
  return Number(((await response.json()) as { result: string }).result)
}

/** A plain TCP listener on a port the OS picked, held for the test; it hangs up on every connection. */
async function holdPort(): Promise<number> {
  const server = createServer((socket) => socket.destroy())
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || !address) throw new Error('no address')
  return address.port
}

describe('startAnvil()', () => {
  it('with port 0, anvils started at once each get a port the OS picked, read back into port and rpcUrl', async () => {
    const chainIds = [1, 42161, 8453, 10]
    const anvils = await Promise.all(chainIds.map((chainId) => startAnvil({ chainId, port: 0 })))
    started.push(...anvils)
    const ports = anvils.map((anvil) => anvil.port)
    expect(new Set(ports).size).toBe(chainIds.length)
    for (const anvil of anvils) {
      expect(anvil.port).toBeGreaterThan(0)
      expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`)
      expect(await chainIdAt(anvil.rpcUrl)).toBe(anvil.chainId)
    }
  })

  it('serves on a requested port', async () => {
    // A port free a moment ago: the one place here that picks beforehand, since a requested port is the subject.
    const free = await holdPort()
    await new Promise((resolve) => servers.pop()?.close(resolve))
    const anvil = await startAnvil({ chainId: 8453, port: free })
    started.push(anvil)
    expect(anvil.port).toBe(free)
    expect(await chainIdAt(anvil.rpcUrl)).toBe(8453)
  })

  it('refuses a requested port where a node already answers, naming it', async () => {
    const first = await startAnvil({ chainId: 1, port: 0 })
    started.push(first)
    await expect(startAnvil({ chainId: 1, port: first.port })).rejects.toThrow(
      `Port ${first.port} is already serving a node.`,
    )
  })

  it("fails with anvil's own error when a requested port is taken by something that is not a node", async () => {
    const taken = await holdPort()
    await expect(startAnvil({ chainId: 1, port: taken })).rejects.toThrow(
      /exited during start[\s\S]*Address already in use/,
    )
  })

  it('moves old states into a cache folder of its own, and removing it is part of stopping', async () => {
    const anvil = await startAnvil({ chainId: 1, port: 0 })
    started.push(anvil)
    // Anvil keeps about 500 states in memory; past that it writes the oldest to disk.
    await mineBlocks(anvil.rpcUrl, 600)
    const written = () =>
      readdirSync(anvil.cacheDir).flatMap((dir) => readdirSync(`${anvil.cacheDir}/${dir}`))
    while (written().length === 0) await new Promise((r) => setTimeout(r, 50))
    expect(written().every((file) => file.endsWith('.json'))).toBe(true)

    await anvil.stop()
    expect(existsSync(anvil.cacheDir)).toBe(false)
  })
})

describe('startAnvil() on a slow or dying node (a stand-in executable)', () => {
  it('waits for a start however long it takes, saying so every slowNoticeMs, instead of failing at a deadline', async () => {
    const binary = fakeAnvil('setTimeout(() => listen(900), 500)')
    const notices: string[] = []
    const anvil = await startAnvil({
      chainId: 8453,
      port: 0,
      binary,
      slowNoticeMs: 200,
      log: (m) => notices.push(m),
    })
    started.push(anvil)
    expect(await chainIdAt(anvil.rpcUrl)).toBe(8453)
    // Bound after ~500 ms, answered ~900 ms later: notices for both stages, none after the answer.
    expect(
      notices.some((m) =>
        /^devnet: anvil for chain 8453 has not bound a port after \d+\.\d s; still waiting/.test(m),
      ),
    ).toBe(true)
    expect(notices.some((m) => m.includes(`has not answered on port ${anvil.port} after`))).toBe(true)
    const seen = notices.length
    await new Promise((r) => setTimeout(r, 500))
    expect(notices.length).toBe(seen)
  })

  it('fails as soon as the process dies before answering, by a signal as by an exit, with its own error', async () => {
    const killed = fakeAnvil("listen(60_000); setTimeout(() => process.kill(process.pid, 'SIGKILL'), 300)")
    await expect(startAnvil({ chainId: 1, port: 0, binary: killed })).rejects.toThrow(
      'anvil for chain 1 exited during start (signal SIGKILL).',
    )
    const exits = fakeAnvil("process.stderr.write('Error: state file is corrupt\\n'); process.exit(3)")
    await expect(startAnvil({ chainId: 1, port: 0, binary: exits })).rejects.toThrow(
      /exited during start \(code 3\)[\s\S]*state file is corrupt/,
    )
  })
})

describe('readChainId()', () => {
  // What a starved anvil looks like once it has bound its port: it answers, but later than a probe
  // waits. Asking again after each short probe would never get that answer; one wait does.
  it('waits for a slow answer as long as it is told to, where a short probe gives up', async () => {
    const server = createHttpServer((_request, response) => {
      setTimeout(() => response.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: '0x2105' })), 1_000)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as { port: number }
      expect(await readChainId(`http://127.0.0.1:${port}`)).toBeUndefined()
      expect(await readChainId(`http://127.0.0.1:${port}`, 10_000)).toBe(8453)
    } finally {
      // fetch keeps its connection alive; closing waits for it otherwise.
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
