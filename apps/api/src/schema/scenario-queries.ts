import { BaseError, type Position as CorePosition, parseUnits } from '@xmargin/core'
import type { FactorShocks } from '@xmargin/engine'
import { ApiError, assertAddressCount } from '../errors.js'
import { checkIntRange, checkShocks, inputBounds } from '../service/input-bounds.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'

/**
 * Adds `Query.stressTest` (a named scenario or custom factor shocks) and `Query.whatIf` (add
 * hypothetical positions, remove existing ones by id).
 *
 * @example
 * const { ShockInput } = addScenarioQueries(builder, enums, reports)
 */
export function addScenarioQueries(builder: ApiBuilder, enums: Enums, reports: ReportTypes) {
  const ShockInput = builder.inputType('ShockInput', {
    description: 'A relative move of one risk factor: spot "-0.3" = −30%, vol "0.5" = +50%.',
    fields: (t) => ({
      factor: t.string({ required: true }),
      spot: t.field({ type: 'Decimal' }),
      vol: t.field({ type: 'Decimal' }),
    }),
  })
  const PositionInput = builder.inputType('PositionInput', {
    description: 'A hypothetical position. Prices (entryPrice, strike, funding) in USD as decimals.',
    fields: (t) => ({
      chainId: t.int({ required: true }),
      venue: t.string({ required: true }),
      kind: t.field({ type: enums.PositionKind, required: true }),
      asset: t.string({ required: true, description: 'Risk-parameter symbol: WETH, ETH, USDC…' }),
      amount: t.field({
        type: 'BigInt',
        required: true,
        description: 'Raw amount; signed for perps and options.',
      }),
      decimals: t.int({ required: true }),
      collateral: t.boolean({ description: 'Supply only: counts as collateral (default true).' }),
      entryPrice: t.field({ type: 'Decimal' }),
      funding: t.field({ type: 'Decimal' }),
      right: t.field({ type: enums.OptionRight }),
      strike: t.field({ type: 'Decimal' }),
      expiry: t.int({ description: 'Unix seconds.' }),
    }),
  })

  builder.queryFields((t) => ({
    stressTest: t.field({
      type: reports.Comparison,
      description: 'Apply a named scenario or custom shocks (exactly one) and recompute.',
      args: {
        addresses: t.arg({ type: ['Address'], required: true }),
        scenario: t.arg({ type: enums.StressScenario }),
        shocks: t.arg({ type: [ShockInput] }),
        model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
      },
      resolve: (_root, args, ctx) => {
        assertAddressCount(args.addresses)
        if ((args.scenario == null) === (args.shocks == null))
          throw new ApiError('BAD_USER_INPUT', 'Pass exactly one of `scenario` and `shocks`.')
        const scenario =
          args.scenario ??
          ({
            name: 'custom',
            shocks: checkShocks({
              inputs: args.shocks ?? [],
              factors: ctx.marginService.riskParameters.factors,
            }),
          } satisfies {
            name: string
            shocks: FactorShocks
          })
        return ctx.service.stress(args.addresses, scenario, { model: args.model ?? 'portfolio' })
      },
    }),
    whatIf: t.field({
      type: reports.Comparison,
      description:
        'Preview adding hypothetical positions and/or removing existing ones (by PositionLine.id).',
      args: {
        addresses: t.arg({ type: ['Address'], required: true }),
        add: t.arg({ type: [PositionInput] }),
        remove: t.arg.stringList(),
        model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
      },
      resolve: async (_root, args, ctx) => {
        assertAddressCount(args.addresses)
        const wallet = args.addresses[0]!
        const add = await Promise.all(
          (args.add ?? []).map(async (input, i) =>
            toPosition(input, `what-if:${i}`, wallet, await ctx.service.pinnedBlock(input.chainId)),
          ),
        )
        try {
          return await ctx.service.whatIf(
            args.addresses,
            { add, remove: args.remove ?? [] },
            { model: args.model ?? 'portfolio' },
          )
        } catch (error) {
          if (error instanceof BaseError && !(error instanceof ApiError))
            throw new ApiError('BAD_USER_INPUT', error.shortMessage, { cause: error })
          throw error
        }
      },
    }),
  }))
  return { ShockInput }
}

type PositionInputShape = {
  chainId: number
  venue: string
  kind: CorePosition['kind']
  asset: string
  amount: bigint
  decimals: number
  collateral?: boolean | null
  entryPrice?: string | null
  funding?: string | null
  right?: 'call' | 'put' | null
  strike?: string | null
  expiry?: number | null
}

const USD_DECIMALS = 8

function usdFixed(value: string | null | undefined, field: string, sign: 'positive' | 'any' = 'positive') {
  if (value == null) throw new ApiError('BAD_USER_INPUT', `\`${field}\` is required for this kind.`)
  let raw: bigint
  try {
    raw = parseUnits({ value, decimals: USD_DECIMALS })
  } catch {
    throw new ApiError('INVALID_DECIMAL', `\`${field}\` has more than ${USD_DECIMALS} decimals.`)
  }
  if (sign === 'positive' && raw <= 0n)
    throw new ApiError('OUT_OF_RANGE', `\`${field}\` must be a positive USD price, got ${value}.`)
  return { value: raw, decimals: USD_DECIMALS }
}

function toPosition(
  input: PositionInputShape,
  id: string,
  wallet: `0x${string}`,
  blockNumber: bigint,
): CorePosition {
  checkIntRange(input.decimals, 'decimals', inputBounds.decimals)
  const base = { id, chainId: input.chainId, venue: input.venue, wallet, asset: input.asset, blockNumber }
  const size = { amount: input.amount, decimals: input.decimals }
  switch (input.kind) {
    case 'spot':
      return { ...base, ...size, kind: 'spot' }
    case 'supply':
      return { ...base, ...size, kind: 'supply', collateral: input.collateral ?? true }
    case 'debt':
      return { ...base, ...size, kind: 'debt' }
    case 'perp':
      return {
        ...base,
        ...size,
        kind: 'perp',
        entryPrice: usdFixed(input.entryPrice, 'entryPrice'),
        funding: usdFixed(input.funding ?? '0', 'funding', 'any'),
      }
    case 'option':
      if (!input.right || input.expiry == null)
        throw new ApiError('BAD_USER_INPUT', 'An option needs `right`, `strike` and `expiry`.')
      return {
        ...base,
        ...size,
        kind: 'option',
        right: input.right,
        strike: usdFixed(input.strike, 'strike'),
        expiry: input.expiry,
      }
  }
}
