import { type Command, InvalidArgumentError, Option } from 'commander'
import type { CascadeOptions } from '../actions/run-cascade.js'
import { addSourceOptions } from './margin.js'
import { parseShock, stressScenarioNames } from './report-options.js'

/** One `--impact` override as GraphQL's `DepthCurveInput` takes it. */
export type ImpactInput = { asset: string; twoPercentDepthUsd: string; feePips?: number }

/**
 * `--impact WETH=20000000` (the USD that moves WETH −2%), `--impact WETH=20000000,fee=500`, repeatable.
 *
 * @example
 * parseImpact('WETH=20000000', []) // [{ asset: 'WETH', twoPercentDepthUsd: '20000000' }]
 */
export function parseImpact(value: string, previous: ImpactInput[] = []): ImpactInput[] {
  const [, asset, depth, fee] = /^([A-Za-z0-9._-]+)=(\d+(?:\.\d+)?)(?:,fee=(\d+))?$/.exec(value.trim()) ?? []
  if (asset === undefined || depth === undefined)
    throw new InvalidArgumentError(
      `"${value}" is not ASSET=<usd of 2% depth>[,fee=<pips>] (e.g. WETH=20000000 or WETH=20000000,fee=500)`,
    )
  return [
    ...previous,
    { asset, twoPercentDepthUsd: depth, ...(fee === undefined ? {} : { feePips: Number(fee) }) },
  ]
}

function parseRounds(value: string): number {
  const rounds = Number(value)
  if (!/^\d+$/.test(value) || rounds < 1)
    throw new InvalidArgumentError(`"${value}" is not a round count ≥ 1`)
  return rounds
}

/**
 * `xmargin cascade --shock ETH=-30% [--impact WETH=20000000] [--rounds N] [--json] [address…|--account <name>]`.
 *
 * @example
 * addCascadeCommand(program)
 */
export function addCascadeCommand(program: Command): void {
  const command = program
    .command('cascade')
    .description(
      "simulate a liquidation cascade over the tracked wallets: each venue's own liquidations, forced sales, moved prices, round by round",
    )
    .argument('[addresses...]', 'tracked wallets (default: every tracked wallet)')
    .option('-s, --shock <FACTOR=pct%>', 'spot shock of a factor, e.g. ETH=-30% (repeatable)', parseShock)
    .addOption(
      new Option('--scenario <name>', "a named scenario's spot moves").choices(
        Object.keys(stressScenarioNames),
      ),
    )
    .option('-a, --account <name>', 'a named account instead of addresses')
    .option(
      '--impact <ASSET=usd>',
      "market depth for forced sales: the USD that moves ASSET's price −2% (repeatable; ,fee=<pips>)",
      parseImpact,
    )
    .option('--rounds <n>', 'round limit (default 20)', parseRounds)
    .option('--json', 'print the cascade as JSON (the API’s Cascade)')
  addSourceOptions(command).action(async (addresses: string[], options: CascadeOptions) => {
    const { runCascade } = await import('../actions/run-cascade.js')
    await runCascade(addresses, options)
  })
}
