import type { GraphQLSchema } from 'graphql'
import { addAdminMutations } from './admin-mutations.js'
import { addAttestationSignerQuery } from './attestation-signer-query.js'
import { createBuilder } from './builder.js'
import { addCascadeQueries } from './cascade-query.js'
import { addChainsQuery } from './chains-query.js'
import { addEnums } from './enums.js'
import { registerEnums } from './input-errors.js'
import { addMarginQueries } from './margin-queries.js'
import { addReportTypes } from './report-types.js'
import { addScalars } from './scalars.js'
import { addScenarioQueries } from './scenario-queries.js'
import { addSolvencyQuery } from './solvency-query.js'
import { addSubscriptions } from './subscriptions.js'

/**
 * Builds the executable GraphQL schema (Pothos, code-first).
 *
 * @example
 * import { printSchema } from 'graphql'
 * console.log(printSchema(buildSchema()))
 */
export function buildSchema(): GraphQLSchema {
  const builder = createBuilder()
  addScalars(builder)
  const enums = addEnums(builder)
  const reports = addReportTypes(builder, enums)
  builder.queryType({})
  addMarginQueries(builder, enums, reports)
  addSolvencyQuery(builder, enums, reports)
  addAttestationSignerQuery(builder)
  const { ShockInput } = addScenarioQueries(builder, enums, reports)
  addCascadeQueries(builder, enums, reports, ShockInput)
  addChainsQuery(builder, enums)
  addAdminMutations(builder)
  addSubscriptions(builder, enums, reports)
  const schema = builder.toSchema({ sortSchema: false })
  registerEnums(schema)
  return schema
}
