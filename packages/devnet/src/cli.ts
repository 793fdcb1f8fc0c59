/**
 * `pnpm devnet` (start), `pnpm shock <asset> <percent> | <asset> --price <usd> | --reset [asset]`, `pnpm stale <asset> [--chain id] [--resume]`.
 */

import { rmSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'
import { BaseError, formatUnits } from 'viem'
import { freezeFeed } from './actions/freeze-feed.js'
import { resetPrices } from './actions/reset-prices.js'
import { dynamicHistoryDays, seedPriceHistory } from './actions/seed-price-history.js'
import { shockPrice } from './actions/shock-price.js'
import { defaultStateDir } from './build/state-dir.js'
import { FEED_DECIMALS } from './config.js'
import { DevnetError } from './errors.js'
import { defaultManifestPath, readManifest, writeManifest } from './manifest.js'

type ShockOptions = { price?: string; reset?: boolean; manifest: string }

const program = new Command('devnet').description('xmargin local multi-chain devnet').showHelpAfterError()

const parseInteger = (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${value} is not a non-negative integer.`)
  return n
}

const parsePercent = (value: string) => {
  const n = Number(value.replace(/%$/, ''))
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${value} is not a percentage like -20% or 15.`)
  return n
}

program
  .command('start')
  .description('start the chains in the foreground until Ctrl-C; writes .xmargin/devnet.json')
  .option('--port-ethereum <port>', 'RPC port of chain 1', parseInteger, 8545)
  .option('--port-arbitrum <port>', 'RPC port of chain 42161', parseInteger, 8546)
  .option('--port-base <port>', 'RPC port of chain 8453', parseInteger, 8547)
  .option('--block-time <seconds>', 'seconds between blocks (0: a block per transaction)', parseInteger, 2)
  .option('--heartbeat <seconds>', 'seconds between feed refreshes (0: none)', parseInteger, 60)
  .option('--rebuild', 'rebuild the deployed state instead of loading the cached one')
  .option(
    '--history-days <days>',
    `seed every token feed with this many days of deterministic daily closes (calm, crash, recovery); ${dynamicHistoryDays} covers the default dynamic window and backtest`,
    parseInteger,
    0,
  )
  .option('--manifest <path>', 'where to write the manifest', defaultManifestPath)
  .option(
    '--cascade-wallets',
    'also open 36 wallets around the liquidation line (Aave, Morpho) for cascade runs',
  )
  .action(async (options) => {
    // Starting imports the deployment code and the contracts' artifacts; `shock` and `stale` do not
    // need them, and start faster without (the README runs them one after another).
    const [{ buildDevnetState }, { startDevnet }, { startFeedHeartbeat }] = await Promise.all([
      import('./build/build-state.js'),
      import('./start-devnet.js'),
      import('./actions/feed-heartbeat.js'),
    ])
    const log = (message: string) => console.log(message)
    const started = performance.now()
    if (options.rebuild) await buildDevnetState({ stateDir: defaultStateDir, log })
    const devnet = await startDevnet({
      ports: { 1: options.portEthereum, 42161: options.portArbitrum, 8453: options.portBase },
      blockTime: options.blockTime || undefined,
      cascadeWallets: Boolean(options.cascadeWallets),
      log,
    })
    if (options.historyDays > 0) {
      const { feeds } = await seedPriceHistory(devnet.manifest, { days: options.historyDays })
      log(`devnet: seeded ${options.historyDays} days of price history into ${feeds.length} feeds`)
    }
    writeManifest(devnet.manifest, options.manifest)
    console.log(
      `devnet: ready in ${((performance.now() - started) / 1000).toFixed(1)} s; manifest ${options.manifest}`,
    )
    for (const chain of devnet.manifest.chains)
      console.log(`  chain ${chain.chainId} ${chain.name.padEnd(9)} ${chain.rpcUrl}`)
    console.log('demo wallets:')
    for (const wallet of devnet.manifest.wallets)
      console.log(`  ${wallet.name.padEnd(17)} ${wallet.address}  ${wallet.description}`)
    if (devnet.manifest.cascadeWallets)
      console.log(`cascade wallets: ${devnet.manifest.cascadeWallets.length} (listed in the manifest)`)

    const heartbeat =
      options.heartbeat > 0
        ? startFeedHeartbeat(devnet.manifest, {
            periodSeconds: options.heartbeat,
            onError: (chainId, error) =>
              console.error(`devnet: feed heartbeat on chain ${chainId} failed: ${(error as Error).message}`),
            onSlow: (chainId, seconds) =>
              console.error(
                `devnet: feed heartbeat on chain ${chainId} took ${seconds.toFixed(1)} s, more than its ${options.heartbeat} s period`,
              ),
          })
        : undefined
    let stopping = false
    const shutdown = async (signal: string) => {
      if (stopping) return
      stopping = true
      await heartbeat?.stop()
      console.log(`devnet: ${signal}, stopping chains`)
      await devnet.stop()
      // The manifest describes the running devnet; leaving it would point tools at dead ports.
      rmSync(options.manifest, { force: true })
      process.exit(0)
    }
    process.on('SIGINT', () => void shutdown('SIGINT'))
    process.on('SIGTERM', () => void shutdown('SIGTERM'))
  })

program
  .command('shock')
  .description(
    "move an asset price on every chain, all chains in one block at one timestamp (feeds, hence Aave, Morpho, options and Perp's index)",
  )
  .argument('[asset]', 'token symbol, e.g. WETH (with --reset: only this one)')
  .argument('[percent]', 'e.g. -20% or 15', parsePercent)
  .option('--price <usd>', 'set an absolute USD price instead, e.g. 2500')
  .option('--reset', 'back to the seeded prices (every moved feed, or only <asset>)')
  // A negative percentage looks like an option to the parser; let it through to parsePercent.
  .allowUnknownOption()
  .option('--manifest <path>', 'manifest of the running devnet', defaultManifestPath)
  .action(
    async (
      asset: string | undefined,
      percent: number | undefined,
      options: ShockOptions,
      command: Command,
    ) => {
      const given = [percent !== undefined, options.price !== undefined, options.reset === true].filter(
        Boolean,
      )
      if (given.length !== 1 || (!options.reset && asset === undefined))
        command.error(
          'devnet: give one of <asset> <percent>, <asset> --price <usd> or --reset [asset], e.g. pnpm shock WETH -20%',
          { exitCode: 2 },
        )
      const manifest = readManifest(options.manifest)
      const moves = options.reset
        ? await resetPrices(manifest, { symbol: asset })
        : options.price !== undefined
          ? await shockPrice(manifest, { symbol: asset!, price: options.price })
          : await shockPrice(manifest, { symbol: asset!, percent: percent! })
      if (moves.length === 0) console.log('nothing to change: every feed is already at that price')
      for (const m of moves) {
        console.log(
          `chain ${m.chainId}: ${m.symbol} ${formatUnits(m.before, FEED_DECIMALS)} -> ${formatUnits(m.after, FEED_DECIMALS)} USD`,
        )
      }
    },
  )

program
  .command('stale')
  .description('stop an asset feed from updating (it goes stale); --resume restarts it')
  .argument('<asset>', 'token symbol, e.g. WETH, or ETH-IV / BTC-IV for the options implied-vol feeds')
  .option('--chain <id>', 'only this chain id', parseInteger)
  .option('--resume', 'resume updates instead')
  .option('--manifest <path>', 'manifest of the running devnet', defaultManifestPath)
  .action(async (asset: string, options: { chain?: number; resume?: boolean; manifest: string }) => {
    const frozen = !options.resume
    const feeds = await freezeFeed(readManifest(options.manifest), {
      symbol: asset,
      chainId: options.chain,
      frozen,
    })
    for (const f of feeds)
      console.log(`chain ${f.chainId}: ${asset} feed ${f.feed} ${frozen ? 'frozen' : 'resumed'}`)
  })

program
  .command('build')
  .description('rebuild the cached deployed state (compile, deploy, seed, dump)')
  .action(async () => {
    const { buildDevnetState } = await import('./build/build-state.js')
    await buildDevnetState({ stateDir: defaultStateDir, log: (m) => console.log(m) })
  })

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DevnetError) {
    console.error(`devnet: ${error.shortMessage}${error.details ? `\n  ${error.details}` : ''}`)
  } else if (error instanceof BaseError) {
    // viem: one line, plus the likely cause on a local devnet.
    console.error(`devnet: ${error.shortMessage}\n  Is the devnet running? (pnpm devnet)`)
    if (process.env.DEBUG) console.error(error)
  } else console.error(error)
  process.exit(1)
})
