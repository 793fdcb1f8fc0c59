import type { HaircutTier } from '@xmargin/core'
import type { PreparedBook } from './book.js'
import { type JointDesign, jointDesign, type ScenarioSet } from './joint-scenarios.js'
import { createOptionPricer, type OptionPricer, writeOptionScenarioPnl } from './option-scenarios.js'
import { type ScenarioList, scenarioList } from './scenario-list.js'
import { designIndices } from './scenario-risk.js'

/** Position kinds as small integers (reading `position.kind` across position shapes is polymorphic). */
export const KIND_COLLATERAL = 0
export const KIND_DEBT = 1
export const KIND_PERP = 2
export const KIND_OPTION = 3

/**
 * What moves when a factor moves: per-position value, dollar delta and price, and each option's
 * scenario PnL row (`stride` numbers per option, the factor's scenarios first).
 */
export type BookState = {
  value: number[]
  exposure: number[]
  price: number[]
  optionPnl: number[]
}

/**
 * A prepared book laid out for the `portfolio` model's inner loops: computed once per book, then
 * margined whole, per (chain, venue) bucket, and under factor moves without rebuilding objects or
 * repricing options that did not move.
 */
export type PortfolioKernel = {
  book: PreparedBook
  /** Positions, factors and distinct assets. */
  n: number
  nf: number
  nAssets: number
  factor: number[]
  asset: number[]
  kind: number[]
  /** Tiers of each asset (from its first position: an asset has one set of parameters). */
  tiers: (readonly HaircutTier[])[]
  /** Row of each option in `optionPnl` (−1 for linear positions), the position of each row, its pricer. */
  optionRow: number[]
  rowPosition: number[]
  pricers: OptionPricer[]
  /** Points per factor row (the design's stride). */
  stride: number
  /** The joint scenario design, each book factor's index in it and its points. */
  design: JointDesign
  designOf: number[]
  /** The scenarios that can bind for this book's factors (and any subset of them). */
  list: ScenarioList
  sets: ScenarioSet[]
  /** Whether the book holds an option (then every scenario is scanned, else the vol-free ones). */
  withOptions: boolean
  /** Indices 0..n−1: the whole book as a member list. */
  all: number[]
  base: BookState
}

/**
 * Lays out a prepared book for the `portfolio` model and prices every option at every point of
 * its factor in the joint scenario design once (Black-76, one logarithm per distinct move).
 *
 * @example
 * const kernel = createPortfolioKernel(prepareInputs({ positions, prices, params, now }).book)
 */
export function createPortfolioKernel(book: PreparedBook): PortfolioKernel {
  const positions = book.positions
  const n = positions.length
  const nf = book.factors.length
  const design = jointDesign(book.params)
  const designOf = designIndices(book, design)
  const sets = designOf.map((d) => design.sets[d]!)
  const stride = design.stride
  // Plain arrays: cheaper to allocate per book than typed arrays, as fast to read once optimised.
  const factor: number[] = []
  const asset: number[] = []
  const kind: number[] = []
  const optionRow: number[] = []
  const value: number[] = []
  const exposure: number[] = []
  const price: number[] = []
  const all: number[] = []
  const assetNames: string[] = []
  let assetIndex: Map<string, number> | undefined
  const tiers: (readonly HaircutTier[])[] = []
  const rows: number[] = []
  for (let i = 0; i < n; i++) {
    const p = positions[i]!
    all.push(i)
    factor.push(p.factor)
    value.push(p.value)
    exposure.push(p.exposure)
    price.push(p.price)
    const name = p.position.asset
    // A scan of the few names seen so far; a map once there are many.
    if (assetIndex === undefined && assetNames.length > 16)
      assetIndex = new Map(assetNames.map((seen, index) => [seen, index]))
    let a = assetIndex === undefined ? assetNames.indexOf(name) : (assetIndex.get(name) ?? -1)
    if (a < 0) {
      a = assetNames.length
      assetNames.push(name)
      assetIndex?.set(name, a)
      tiers.push(p.haircuts)
    }
    asset.push(a)
    const k = p.position.kind
    kind.push(
      k === 'option' ? KIND_OPTION : k === 'perp' ? KIND_PERP : k === 'debt' ? KIND_DEBT : KIND_COLLATERAL,
    )
    optionRow.push(p.option ? rows.length : -1)
    if (p.option) rows.push(i)
  }
  const optionPnl: number[] = new Array(rows.length * stride).fill(0)
  const pricers = rows.map((i) => {
    const p = positions[i]!
    const pricer = createOptionPricer(p.option!, p.quantity, book.factorParameters[p.factor]!, book.rate)
    writeOptionScenarioPnl(pricer, sets[p.factor]!, p.price, p.value, optionPnl, optionRow[i]! * stride)
    return pricer
  })
  return {
    book,
    n,
    nf,
    nAssets: tiers.length,
    factor,
    asset,
    kind,
    tiers,
    optionRow,
    rowPosition: rows,
    pricers,
    stride,
    design,
    designOf,
    list: scenarioList(design, designOf),
    sets,
    withOptions: rows.length > 0,
    all,
    base: { value, exposure, price, optionPnl },
  }
}
