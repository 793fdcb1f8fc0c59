import {
  astFromValue,
  type DocumentNode,
  type ExecutionResult,
  execute,
  type GraphQLResolveInfo,
  isInputType,
  Kind,
  typeFromAST,
  type ValueNode,
  visit,
  // The CommonJS entry by path: the one the schema's builder (Pothos) loads. A bundler that prefers
  // the package's `module` field (vitest) would otherwise give this file a second copy of graphql,
  // whose `execute` refuses the schema as coming "from another module or realm".
} from 'graphql/index.js'
import type { MarginReportView } from '../service/report-view.js'

/** Parameters of {@link createSelectionFingerprint}. */
export type CreateSelectionFingerprintParameters = {
  /** The subscription field's resolve info: its schema, operation, fragments and variables. */
  info: GraphQLResolveInfo
  /** The subscription's context, handed to the fields' resolvers. */
  context: unknown
}
/** Return type of {@link createSelectionFingerprint}. */
export type CreateSelectionFingerprintReturnType = (report: MarginReportView) => Promise<string>

/**
 * A report's fingerprint as the subscriber sees it: the subscription's own selection (aliases,
 * fragments, `@include`/`@skip` included) executed on the report, serialized. Two reports with the
 * same fingerprint send the same event, so a new block that changes none of the selected fields
 * sends nothing. Provenance fields are left out of the comparison (they ride along with an event but
 * never cause one): each chain's pinned `blockNumber`, `blockHash`, `timestamp`, `lagBlocks` and
 * every `ageSeconds` move with every block or second without the book changing.
 *
 * @example
 * subscribe: (_root, args, ctx, info) => {
 *   const fingerprint = createSelectionFingerprint({ info, context: ctx })
 *   let last: string | undefined
 *   return watchMargin({ …, next: async (r) => { const p = await fingerprint(r); if (p === last) return; last = p; return r } })
 * }
 */
export function createSelectionFingerprint(
  parameters: CreateSelectionFingerprintParameters,
): CreateSelectionFingerprintReturnType {
  const { info, context } = parameters
  const document = withInlinedVariables(info)
  return async (report) => {
    const result = (await execute({
      schema: info.schema,
      document,
      rootValue: withoutProvenance(report),
      contextValue: context,
    })) as ExecutionResult
    return JSON.stringify(result)
  }
}

/** The report with every provenance field set to one constant. */
function withoutProvenance(report: MarginReportView): MarginReportView {
  return {
    ...report,
    freshness: report.freshness.map((c) => ({
      ...c,
      blockNumber: null,
      blockHash: null,
      timestamp: null,
      ageSeconds: null,
      lagBlocks: null,
    })),
    prices: report.prices.map((p) => ({ ...p, ageSeconds: 0 })),
  }
}

/**
 * The subscription's operation and fragments with every variable replaced by its (already coerced)
 * value as a literal, so the document executes again without the client's raw variables.
 */
function withInlinedVariables(info: GraphQLResolveInfo): DocumentNode {
  const literals = new Map<string, ValueNode>()
  for (const definition of info.operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value
    const type = typeFromAST(info.schema, definition.type)
    const literal = isInputType(type) ? astFromValue(info.variableValues[name], type) : null
    literals.set(name, literal ?? { kind: Kind.NULL })
  }
  const operation = visit(
    { ...info.operation, variableDefinitions: [] },
    {
      Variable: {
        leave: (node) => literals.get(node.name.value) ?? { kind: Kind.NULL },
      },
    },
  )
  const fragments = Object.values(info.fragments).map((fragment) =>
    visit(fragment, {
      Variable: { leave: (node) => literals.get(node.name.value) ?? { kind: Kind.NULL } },
    }),
  )
  return { kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }
}
