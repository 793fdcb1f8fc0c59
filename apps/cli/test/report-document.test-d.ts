import {
  type MarginModelValue,
  type MarginReportJson,
  marginQueryDocument,
  type StressScenarioValue,
  stressQueryDocument,
} from '@xmargin/api'
import { describe, expectTypeOf, it } from 'vitest'
import type { marginModels, stressScenarioNames } from '../src/commands/report-options.js'
import { type QueryApiParameters, queryApi } from '../src/runtime/query-api.js'

declare const api: QueryApiParameters<unknown, unknown>['api']

describe("the CLI's report documents are typed from the SDL", () => {
  it('queryApi answers with the margin document result, not an untyped object', async () => {
    const { margin } = await queryApi({ api, document: marginQueryDocument, variables: { addresses: [] } })
    expectTypeOf(margin).not.toBeAny()
    expectTypeOf(margin).toEqualTypeOf<MarginReportJson>()
    // Money and big integers are strings on the wire, nullable fields are nullable.
    expectTypeOf(margin.equity).toEqualTypeOf<string>()
    expectTypeOf(margin.health).toEqualTypeOf<string | null>()
    expectTypeOf(margin.positions[0]!.chainId).toEqualTypeOf<number>()
  })

  it('checks the variables against the SDL', async () => {
    // @ts-expect-error `model` is the MarginModel enum value, not the CLI's option name
    await queryApi({ api, document: marginQueryDocument, variables: { addresses: [], model: 'portfolio' } })
    // @ts-expect-error `addresses` is required
    await queryApi({ api, document: stressQueryDocument, variables: { scenario: 'CRYPTO_CRASH' } })
  })

  it('maps every MarginModel and StressScenario value of the SDL to a CLI name', () => {
    expectTypeOf<(typeof marginModels)[keyof typeof marginModels]>().toEqualTypeOf<MarginModelValue>()
    expectTypeOf<
      (typeof stressScenarioNames)[keyof typeof stressScenarioNames]
    >().toEqualTypeOf<StressScenarioValue>()
  })
})
