import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MarginReportJson } from '@xmargin/api'
import { graphql, marginQueryDocument } from '@xmargin/api'
import { loadConfig } from '@xmargin/config'
import {
  anvilKey,
  confirmTx,
  createDevnetClient,
  DERIVATIVES_OPERATOR_INDEX,
  type DevnetManifest,
  manifestChain,
  manifestPerp,
  openPerpPosition,
  readManifest,
} from '@xmargin/devnet'
import {
  type Address,
  createPublicClient,
  erc20Abi,
  type Hex,
  http,
  parseAbi,
  parseEther,
  parseUnits,
} from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openReportSource } from '../src/runtime/open-report-source.js'
import { queryApi } from '../src/runtime/query-api.js'
import { gql } from './support/graphql.js'
import { type DevProcess, runCli, startDev, startNetwork, stopProcess } from './support/run-cli.js'
import { subscribeSse } from './support/sse.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-from-devnet-'))
const CONFIG = 'devnet.config.ts'

let dev: DevProcess | undefined
let start: DevProcess | undefined
let manifest: DevnetManifest
let paths: { db: string; manifest: string }
/** A fresh key: no demo wallet, not in the config, holds only a Perp v2 account (and gas). */
let derivativesOnly: Address

beforeAll(async () => {
  paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json') }
  // One block per transaction and no feed heartbeat: the chains hold still while both read them.
  dev = await startDev([
    ...['--port', '0', '--rpc-ports', '0,0,0', '--db', paths.db, '--manifest', paths.manifest],
    ...['--block-time', '0', '--heartbeat', '0'],
  ])
  manifest = readManifest(paths.manifest)
  derivativesOnly = await openDerivativesOnlyWallet(manifest)
  const init = await runCli(['init', '--from-devnet', '--manifest', paths.manifest, CONFIG], { cwd: dir })
  expect(init.code, init.stderr).toBe(0)
  start = await startNetwork(['--config', CONFIG, '--port', '0'], { cwd: dir })
  await mineAndWaitForBoth()
})

afterAll(async () => {
  await stopProcess(start)
  await stopProcess(dev)
  rmSync(dir, { recursive: true, force: true })
})

/**
 * A fresh wallet that only trades Perp v2: the maker deposits its USDC for it (`Vault.depositFor`),
 * so no token transfer ever names it and only Perp's own events reveal it; it holds nothing else
 * but the ETH it pays gas with (set before it trades, so both indexers read the same balance).
 */
async function openDerivativesOnlyWallet(manifest: DevnetManifest): Promise<Address> {
  const arbitrum = manifestChain(manifest, 42161)
  const perp = manifestPerp(arbitrum)
  const client = (privateKey: Hex) =>
    createDevnetClient({ chainId: 42161, rpcUrl: arbitrum.rpcUrl, privateKey })
  const maker = client(anvilKey(DERIVATIVES_OPERATOR_INDEX))
  const trader = client(generatePrivateKey())
  await maker.setBalance({ address: trader.account.address, value: parseEther('0.01') })
  const amount = parseUnits('2000', 6)
  const tokenAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])
  const vaultAbi = parseAbi(['function depositFor(address to, address token, uint256 amount)'])
  const send = (label: string, hash: Promise<Hex>) => confirmTx(maker, label, hash)
  await send(
    'mint',
    maker.writeContract({
      address: perp.usdc,
      abi: tokenAbi,
      functionName: 'mint',
      args: [maker.account.address, amount],
    }),
  )
  await send(
    'approve',
    maker.writeContract({
      address: perp.usdc,
      abi: erc20Abi,
      functionName: 'approve',
      args: [perp.vault, amount],
    }),
  )
  await send(
    'depositFor',
    maker.writeContract({
      address: perp.vault,
      abi: vaultAbi,
      functionName: 'depositFor',
      args: [trader.account.address, perp.usdc, amount],
    }),
  )
  await openPerpPosition(trader, perp, {
    symbol: 'ETH',
    side: 'short',
    amount: parseEther('1'),
    amountIn: 'base',
  })
  return trader.account.address
}

/** Mines a block on every chain (fresh heads), then waits until both indexers report at those heads. */
async function mineAndWaitForBoth() {
  const heads = new Map<number, number>()
  for (const chain of manifest.chains) {
    const client = createDevnetClient({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      privateKey: anvilKey(0),
    })
    await client.mine({ blocks: 1 })
    heads.set(chain.chainId, Number(await client.getBlockNumber()))
  }
  const atHeads = async (url: string) => {
    const { margin } = await gql(url, marginQueryDocument, {
      addresses: [derivativesOnly],
    })
    return margin.freshness.every((f) => f.blockNumber === String(heads.get(f.chainId)))
  }
  const deadline = Date.now() + 60_000
  while (!((await atHeads(dev!.url)) && (await atHeads(start!.url)))) {
    if (Date.now() > deadline) throw new Error(`dev and start did not reach the heads ${[...heads]}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Every demo wallet, then the derivatives-only one. */
const wallets = () => [
  ...manifest.wallets.map((w) => ({ name: w.name, address: w.address })),
  { name: 'derivatives-only', address: derivativesOnly },
]

describe('xmargin init --from-devnet', () => {
  it('writes every venue the devnet runs, its tokens and demo wallets, with addresses from the manifest', async () => {
    const config = await loadConfig({ file: CONFIG, cwd: dir })
    const arbitrum = manifestChain(manifest, 42161)
    const base = manifestChain(manifest, 8453)
    const perp = config.chains.find((c) => c.chainId === 42161)?.venues.perpV2
    expect(perp?.clearingHouse).toBe(arbitrum.contracts.perpClearingHouse)
    expect(Object.keys(perp?.markets ?? {})).toEqual(Object.keys(arbitrum.venues?.perp?.markets ?? {}))
    expect(config.chains.find((c) => c.chainId === 8453)?.venues.options?.venue).toBe(
      base.contracts.optionsVenue,
    )
    expect(config.wallets).toEqual(manifest.wallets.map((w) => w.address))
    expect(config.wallets).not.toContain(derivativesOnly)
    expect(config.chains.map((c) => [c.name, c.rpcUrls[0], c.startBlock])).toEqual(
      manifest.chains.map((c) => [c.name, c.rpcUrl, 0n]),
    )
    const text = readFileSync(join(dir, CONFIG), 'utf8')
    expect(text).toContain("'0x70997970C51812dc3A010C7d01b50e0d17dc79C8', // cross-chain")
  })
})

describe('xmargin start --config <file written by init --from-devnet> and xmargin dev', () => {
  it('give identical reports for every demo wallet and the derivatives-only one (one clock, both databases)', async () => {
    // Options are priced at the clock of the request: the two processes' reports are computed here
    // at one instant, each over its own database and its own wiring (dev's manifest, the config).
    const now = Math.floor(Date.now() / 1000)
    const fromDev = await openReportSource({ db: paths.db, manifest: paths.manifest, now: () => now })
    const fromConfig = await openReportSource({ config: join(dir, CONFIG), now: () => now })
    try {
      for (const { name, address } of wallets()) {
        const report = async (source: typeof fromDev) =>
          (
            await queryApi({
              api: source.api,
              document: marginQueryDocument,
              variables: { addresses: [address] },
            })
          ).margin
        const [expected, actual] = [await report(fromDev), await report(fromConfig)]
        expect(actual, name).toEqual(expected)
        if (name !== 'empty') expect(expected.positions.length, name).toBeGreaterThan(0)
      }
    } finally {
      await fromDev.close()
      await fromConfig.close()
    }
  })

  it('serve the same books over their APIs: equity, IM, MM and status exactly where no option is priced, positions everywhere', async () => {
    for (const { name, address } of wallets()) {
      const [fromDev, fromStart] = await Promise.all(
        [dev!.url, start!.url].map(
          async (url) => (await gql(url, marginQueryDocument, { addresses: [address] })).margin,
        ),
      )
      const lines = (r: MarginReportJson) =>
        r.positions.map((p) => [p.id, p.kind, p.asset, p.amount, p.quantity])
      expect(lines(fromStart!), name).toEqual(lines(fromDev!))
      expect(fromStart!.status, name).toBe(fromDev!.status)
      if (fromDev!.positions.some((p) => p.kind === 'OPTION')) continue
      const totals = (r: MarginReportJson) => [r.equity, r.initialMargin, r.maintenanceMargin, r.health]
      expect(totals(fromStart!), name).toEqual(totals(fromDev!))
    }
  })

  it('keeps the cross-chain hedge: its Perp v2 short is in the config-run book (equity $53,452.34, IM $2,991.00)', async () => {
    const address = manifest.wallets.find((w) => w.name === 'cross-chain')!.address
    const { margin } = await gql(start!.url, marginQueryDocument, {
      addresses: [address],
    })
    expect(
      margin.positions.filter((p) => p.kind === 'PERP').map((p) => [p.chainId, p.asset, p.quantity]),
    ).toEqual([[42161, 'ETH', '-10']])
    // Without Perp v2 in the config it was $43,500.00 and $10,985.00, still HEALTHY.
    expect([margin.status, margin.equity, margin.initialMargin]).toEqual(['HEALTHY', '53452.34', '2991.00'])
  })

  it('serves the web dashboard at / beside the API (`xmargin start`, as `serve`)', async () => {
    const origin = new URL(start!.url).origin
    const page = await fetch(`${origin}/`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>xmargin</title>')
    const script = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1]
    expect(script).toMatch(/^\/assets\/.+\.js$/)
    expect((await fetch(`${origin}${script}`)).status).toBe(200)
  })

  it('discovers a wallet that only holds derivatives from Perp v2 events alone', async () => {
    const { margin } = await gql(start!.url, marginQueryDocument, {
      addresses: [derivativesOnly],
    })
    expect(margin.positions.map((p) => [p.chainId, p.venue, p.kind, p.asset])).toEqual([
      [42161, 'perp', 'PERP', 'ETH'],
      [42161, 'perp', 'SPOT', 'USDC'],
      [42161, 'wallet', 'SPOT', 'ETH'],
    ])
    // Never a token transfer to or from it: the wallet adapter alone would not have found it.
    const arbitrum = manifestChain(manifest, 42161)
    const logs = await createPublicClient({ transport: http(arbitrum.rpcUrl) }).getLogs({
      event: erc20Abi.find((e) => e.type === 'event' && e.name === 'Transfer')!,
      args: { to: derivativesOnly },
      fromBlock: 0n,
    })
    expect(logs).toEqual([])
  })

  it('`serve` alone (no indexer in its process) pushes a block that `start` indexes into the same database to its SSE subscribers', async () => {
    const serve = await startNetwork(['--config', CONFIG, '--port', '0'], {
      cwd: dir,
      mode: 'serve',
    })
    try {
      const address = manifest.wallets.find((w) => w.name === 'stablecoin-only')!.address
      const walletUpdated = graphql(`
        subscription ServeFollowsStart($addresses: [Address!]!) {
          marginUpdated(addresses: $addresses) {
            positions { chainId venue kind asset amount }
            freshness { chainId blockNumber }
          }
        }
      `)
      const subscription = await subscribeSse(serve.url, walletUpdated, { addresses: [address] })
      try {
        const first = await subscription.next()
        const usdcOn1 = (r: typeof first) =>
          BigInt(
            r.marginUpdated.positions.find(
              (p) => p.chainId === 1 && p.venue === 'wallet' && p.kind === 'SPOT' && p.asset === 'USDC',
            )?.amount ?? '0',
          )
        // USDC minted to the wallet on chain 1: a block only `start`'s indexer reads and commits.
        const chain = manifestChain(manifest, 1)
        const usdc = chain.tokens.find((t) => t.symbol === 'USDC')!
        const sender = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
        const amount = parseUnits('250', usdc.decimals)
        const receipt = await sender.waitForTransactionReceipt({
          hash: await sender.writeContract({
            address: usdc.address,
            abi: parseAbi(['function mint(address account, uint256 value) returns (bool)']),
            functionName: 'mint',
            args: [address, amount],
          }),
          pollingInterval: 20,
        })
        const next = await subscription.next(60_000)
        const block = next.marginUpdated.freshness.find((f) => f.chainId === 1)?.blockNumber
        expect(BigInt(block ?? '0')).toBeGreaterThanOrEqual(receipt.blockNumber)
        expect(usdcOn1(next) - usdcOn1(first)).toBe(amount)
      } finally {
        subscription.close()
      }
    } finally {
      await stopProcess(serve)
    }
  })
})
