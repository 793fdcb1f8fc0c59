import type { ModelName } from '@xmargin/engine'
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'
import { cascadeBounds } from '../service/cascade.js'

/**
 * Engine work per wallet of each margin model, in units of one portfolio report of one wallet.
 * Expected shortfall simulates paths per factor: 15× a portfolio report per wallet over the bench's
 * 1,000 small books, 70× on its 20-position book (730 ms against 10 ms); charged 100× so the worst
 * case stays bounded. The others are closed-form (within 2× of portfolio).
 */
export const modelWorkUnits: Readonly<Record<ModelName, number>> = {
  portfolio: 1,
  standard: 1,
  'aave-v3': 1,
  // Measured (bench/work-units.ts, three runs at load 13-25): 0.5-1.3× a portfolio report on the
  // 20-position book, 0.4-1.4× on a book of 18 ETH options; charged 2, the highest ratio rounded up.
  'derive-pmrm': 2,
  es: 100,
}

/**
 * Reports a field computes per wallet: `margin` also solves liquidation prices (≈ one more report),
 * `stressTest` and `whatIf` compute before and after, `backtest` one per day.
 */
const reportsPerWallet: Readonly<Record<string, number>> = {
  margin: 2,
  solvency: 1,
  stressTest: 2,
  whatIf: 2,
  marginUpdated: 1,
  healthBelow: 1,
  // `cascade` and `coverTwo` are charged by their rounds and scenarios: see systemWalletReports.
  // One report per P&L day (250 by default; `days` is not read here), plus a calibration per day when
  // dynamic: the engine pool's execution timeout bounds the rest.
  backtest: 250,
  // One report per step (at most 1,000; the step count is not read here): charged as 100.
  marginHistory: 100,
}

/**
 * Work units of one report-computing field over wallets with these current position counts and
 * `model`, as {@link estimateWork} charges it: what a subscription is charged again on each
 * recomputation.
 *
 * @example
 * fieldWorkUnits('marginUpdated', [2, 20], 'es') // (1 + 5) × 100 = 600
 */
export function fieldWorkUnits(
  field: keyof typeof reportsPerWallet,
  positions: readonly number[],
  model: ModelName,
): number {
  const units = positions.reduce((sum, n) => sum + walletUnits(n), 0)
  return units * (reportsPerWallet[field] ?? 0) * modelWorkUnits[model]
}

/**
 * Positions one work unit covers: a wallet's report costs 1 unit per started block of this many
 * current positions (at least 1: an empty or unknown wallet costs as a small one), times its model's
 * units. Measured in-process (`bench/work-units.ts`, one report per wallet less the request's
 * overhead): a 20-position wallet's report took 3.0–7.5× a 2-position one's depending on the model
 * (portfolio 7.5×), so 20 positions are charged 5 units and 1–4 positions 1.
 */
export const POSITIONS_PER_UNIT = 4

/**
 * Work units of one wallet's report by its current positions (before the model's factor).
 *
 * @example
 * walletUnits(0) // 1
 * walletUnits(20) // 5
 */
export function walletUnits(positions: number): number {
  return Math.max(1, Math.ceil(positions / POSITIONS_PER_UNIT))
}

/**
 * Rounds of a `cascade` one work unit per wallet covers, both regimes together. Measured by the
 * engine's `bench/cascade.ts` (10,000 two-position wallets, ETH −25%, load ~4): the venues' rules
 * 2.0 s over 4 rounds and the unified portfolio-margin cascade 3.1 s over 6 rounds, about 0.05 ms
 * per wallet and round each, against 0.4–0.5 ms for one unit (a portfolio report of a small wallet
 * served by the API, `bench/work-units.ts`): four rounds of both regimes fit in one unit.
 */
export const CASCADE_ROUNDS_PER_UNIT = 4

/** System-wide fields, charged by {@link systemWalletReports}. */
const systemFields = new Set(['cascade', 'coverTwo'])
/**
 * Fields that run over a wallet selection instead of an `addresses` list: `account: "name"` (and
 * `all: true` for the system-wide ones), charged by the wallets it resolves to.
 */
const selectionFields = new Set([...systemFields, 'backtest'])

/**
 * Reports per wallet of a system-wide field, from its arguments: a `cascade` loads each wallet once
 * (1) and runs both regimes for up to `maxRounds` rounds (default and cap from `cascadeBounds`),
 * {@link CASCADE_ROUNDS_PER_UNIT} rounds per unit; `coverTwo` values every account once per scenario
 * (`scenarios` plus `custom`, at least 1). Rounds are charged at their limit: how many a cascade
 * runs is only known once it has run.
 *
 * @example
 * systemWalletReports('cascade', new Map(), {}) // 1 + ceil(20 / 4) = 6
 */
export function systemWalletReports(
  field: string,
  args: ReadonlyMap<string, ValueNode>,
  variables: Readonly<Record<string, unknown>>,
): number {
  if (field === 'cascade') {
    const given = argValue(args.get('maxRounds'), variables)
    const rounds =
      typeof given === 'number' && Number.isInteger(given)
        ? Math.min(Math.max(given, cascadeBounds.maxRounds.min), cascadeBounds.maxRounds.max)
        : cascadeBounds.defaultRounds
    return 1 + Math.ceil(rounds / CASCADE_ROUNDS_PER_UNIT)
  }
  const count = (name: string) => {
    const value = argValue(args.get(name), variables)
    return value == null ? 0 : Array.isArray(value) ? value.length : 1
  }
  return Math.max(1, count('scenarios') + count('custom'))
}

/** A wallet selection a `cascade` or `coverTwo` names without listing its wallets. */
export type WalletSelectionRef = { all: true } | { account: string }

/** Wallets assumed under `account(id)` (its size is only known once executing). */
export const ACCOUNT_WALLETS_ESTIMATE = 10

/** Parameters of {@link estimateWork}. */
export type EstimateWorkParameters = {
  schema: GraphQLSchema
  document: DocumentNode
  operationName?: string | null | undefined
  /** The request's raw variables (address lists and enum names are read from them). */
  variables?: Readonly<Record<string, unknown>> | null | undefined
  /**
   * Current positions of a wallet (lowercase address; the store's `countPositions`, queried before
   * the request runs): each wallet costs {@link walletUnits} of them. Default: every wallet 1 unit.
   */
  positionsOf?: ((wallet: string) => number) | undefined
  /**
   * The wallets a `cascade`/`coverTwo`/`backtest` selection resolves to (lowercase; the store's tracked
   * wallets or the account's), each then charged like a listed one; an unknown account resolves to
   * none and is charged as one wallet (it is refused before any engine work). Without it, or when
   * it returns undefined, `account` counts as {@link ACCOUNT_WALLETS_ESTIMATE} wallets and `all` as
   * `cascadeBounds.maxWallets`, the most it can resolve to.
   */
  walletsOf?: ((selection: WalletSelectionRef) => readonly string[] | undefined) | undefined
}

/**
 * Estimates the engine work of a request before it runs, in {@link modelWorkUnits}: every field
 * that computes reports (each alias, each fragment use) is charged its wallets (the length of its
 * `addresses` list, literal or variable; 1 under `wallet`, {@link ACCOUNT_WALLETS_ESTIMATE} under
 * `account`) × its reports per wallet × its model's units. 15 aliases of `solvency` over 1,000
 * wallets cost 15,000; `margin(model: ES)` over 10 wallets 2,000.
 *
 * @example
 * estimateWork({ schema, document: parse('{ solvency(addresses: ["0x…", "0x…"]) { verdict } }') }) // 2
 */
export function estimateWork(parameters: EstimateWorkParameters): number {
  const { schema, document } = parameters
  const variables = parameters.variables ?? {}
  const fragments = new Map<string, FragmentDefinitionNode>()
  const operations: OperationDefinitionNode[] = []
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition)
  }
  const operation = parameters.operationName
    ? operations.find((o) => o.name?.value === parameters.operationName)
    : operations[0]
  if (!operation) return 0
  const modelType = schema.getType('MarginModel')
  const modelOf = (node: ValueNode | undefined): ModelName => {
    const name =
      node === undefined
        ? undefined
        : node.kind === Kind.ENUM
          ? node.value
          : node.kind === Kind.VARIABLE
            ? variables[node.name.value]
            : undefined
    // Duck-typed: the schema may come from another copy of graphql than this file's.
    if (typeof name !== 'string' || !modelType || !('getValue' in modelType)) return 'portfolio'
    const value = modelType.getValue(name)?.value as ModelName | undefined
    return value && Object.hasOwn(modelWorkUnits, value) ? value : 'portfolio'
  }
  const { positionsOf, walletsOf } = parameters
  const unitsOfWallets = (wallets: readonly string[]): number => {
    if (!positionsOf) return wallets.length
    return wallets.reduce((sum, wallet) => sum + walletUnits(positionsOf(wallet)), 0)
  }
  const unitsOf = (node: ValueNode): number => unitsOfWallets(addressValues(node, variables))
  const unitsOfSelection = (selection: WalletSelectionRef): number => {
    const wallets = walletsOf?.(selection)
    if (wallets) return Math.max(1, unitsOfWallets(wallets))
    return 'all' in selection ? cascadeBounds.maxWallets : ACCOUNT_WALLETS_ESTIMATE
  }

  let total = 0
  const visit = (selectionSet: SelectionSetNode, wallets: number, depth: number) => {
    if (depth > 64) return // fragment cycles are invalid anyway; validation reports them
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, wallets, depth + 1)
      else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        if (fragment) visit(fragment.selectionSet, wallets, depth + 1)
      } else {
        // Not `total += fieldWork(…)`: that reads `total` before the nested fields add theirs.
        const own = fieldWork(selection, wallets, depth)
        total += own
      }
    }
  }
  const fieldWork = (field: FieldNode, wallets: number, depth: number): number => {
    const name = field.name.value
    const args = new Map(field.arguments?.map((a) => [a.name.value, a.value]))
    const addresses = listed(args, variables)
    const system = systemFields.has(name)
    const selection = selectionFields.has(name) ? selectionOf(args, variables) : undefined
    const own = addresses ? unitsOf(addresses) : selection ? unitsOfSelection(selection) : wallets
    const below = name === 'account' ? ACCOUNT_WALLETS_ESTIMATE : name === 'wallet' ? 1 : own
    if (field.selectionSet) visit(field.selectionSet, below, depth + 1)
    const reports = system ? systemWalletReports(name, args, variables) : reportsPerWallet[name]
    return reports === undefined ? 0 : own * reports * modelWorkUnits[modelOf(args.get('model'))]
  }
  visit(operation.selectionSet, 1, 0)
  return total
}

/** A literal argument's value (variables read from the request), as GraphQL would coerce it. */
function argValue(node: ValueNode | undefined, variables: Readonly<Record<string, unknown>>): unknown {
  if (node === undefined) return undefined
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value]
    case Kind.INT:
      return Number(node.value)
    case Kind.BOOLEAN:
      return node.value
    case Kind.STRING:
    case Kind.ENUM:
      return node.value
    case Kind.LIST:
      return node.values.map((v) => argValue(v, variables))
    case Kind.NULL:
      return null
    default:
      return {}
  }
}

/** A field's `addresses` argument, unless it is a variable the request leaves unset or null. */
function listed(
  args: ReadonlyMap<string, ValueNode>,
  variables: Readonly<Record<string, unknown>>,
): ValueNode | undefined {
  const node = args.get('addresses')
  return node?.kind === Kind.VARIABLE && variables[node.name.value] == null ? undefined : node
}

/** The selection of a `cascade`/`coverTwo` field that lists no `addresses`: `all: true` or `account`. */
function selectionOf(
  args: ReadonlyMap<string, ValueNode>,
  variables: Readonly<Record<string, unknown>>,
): WalletSelectionRef | undefined {
  if (argValue(args.get('all'), variables) === true) return { all: true }
  const account = argValue(args.get('account'), variables)
  return typeof account === 'string' ? { account } : undefined
}

/** The wallets a list argument names (literal strings or a variable's array), lowercased; one unknown entry per non-string. */
function addressValues(node: ValueNode, variables: Readonly<Record<string, unknown>>): string[] {
  const values: unknown[] =
    node.kind === Kind.LIST
      ? node.values.map((v) => (v.kind === Kind.STRING ? v.value : undefined))
      : node.kind === Kind.VARIABLE
        ? Array.isArray(variables[node.name.value])
          ? (variables[node.name.value] as unknown[])
          : [undefined]
        : [undefined]
  return values.map((v) => (typeof v === 'string' ? v.toLowerCase() : ''))
}

/**
 * Every wallet an operation's report-computing fields name in their `addresses` lists (literal or
 * variables), lowercased and de-duplicated: what to count positions of before {@link estimateWork}.
 *
 * @example
 * requestWallets({ document: parse('{ margin(addresses: ["0xAbc…"]) { status } }') }) // ['0xabc…']
 */
export function requestWallets(parameters: Omit<EstimateWorkParameters, 'schema' | 'positionsOf'>): string[] {
  const variables = parameters.variables ?? {}
  const wallets = new Set<string>()
  forEachField(parameters.document, (field) => {
    for (const argument of field.arguments ?? [])
      if (argument.name.value === 'addresses')
        for (const w of addressValues(argument.value, variables)) if (w !== '') wallets.add(w)
  })
  return [...wallets]
}

/**
 * The wallet selections (`all: true`, `account: "name"`) an operation's `cascade`, `coverTwo` and
 * `backtest` fields name instead of `addresses` (literal or variables), de-duplicated: what to resolve in the
 * store before {@link estimateWork}.
 *
 * @example
 * requestSelections({ document: parse('{ cascade(all: true, scenario: CRYPTO_CRASH) { fixedPoint } }') }) // [{ all: true }]
 */
export function requestSelections(
  parameters: Omit<EstimateWorkParameters, 'schema' | 'positionsOf' | 'walletsOf'>,
): WalletSelectionRef[] {
  const variables = parameters.variables ?? {}
  const found = new Map<string, WalletSelectionRef>()
  forEachField(parameters.document, (node) => {
    if (!selectionFields.has(node.name.value)) return
    const args = new Map(node.arguments?.map((a) => [a.name.value, a.value]))
    if (listed(args, variables)) return
    const selection = selectionOf(args, variables)
    if (selection) found.set('all' in selection ? '' : `account:${selection.account}`, selection)
  })
  return [...found.values()]
}

/**
 * Calls `fn` on every field of a document's operations and fragments, depth-first: a plain walk of
 * the selection sets (graphql's `visit` allocated ~36 KB per 20-position `margin` request for these walks).
 */
function forEachField(document: DocumentNode, fn: (field: FieldNode) => void): void {
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fn(selection)
        if (selection.selectionSet) walk(selection.selectionSet)
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet)
    }
  }
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION)
      walk(definition.selectionSet)
}
