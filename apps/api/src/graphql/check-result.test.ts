import { describe, expect, test } from 'vitest'
import { marginQueryDocument } from '../report-document.js'
import { checkResult, ResultShapeError } from './check-result.js'
import { graphql } from './graphql.js'

const chainsDocument = graphql(`
  query Chains {
    __typename
    chains { chainId name head status ...Age }
  }
  fragment Age on Chain { ageSeconds }
`)
const chain = { chainId: 1, name: 'ethereum', head: '19000000', status: 'LIVE', ageSeconds: 12 }
const answer = { __typename: 'Query', chains: [chain] }

/** The problem `checkResult` finds in `data`, as `path: message`. */
function problemOf(data: unknown): string {
  try {
    checkResult({ document: chainsDocument, data })
  } catch (error) {
    if (error instanceof ResultShapeError) return `${error.path}: ${error.shortMessage}`
    throw error
  }
  return 'none'
}

describe('checkResult()', () => {
  test('returns an answer of the document’s shape as it is (fragments spread, scalars in their JSON form)', () => {
    expect(checkResult({ document: chainsDocument, data: answer })).toBe(answer)
    expect(problemOf({ ...answer, chains: [{ ...chain, head: null, ageSeconds: null }] })).toBe('none')
  })

  test('names the first place where the answer leaves the committed schema', () => {
    const at = (patch: object) => problemOf({ ...answer, chains: [{ ...chain, ...patch }] })
    expect(at({ head: 19000000 })).toMatch(
      /^chains\[0\]\.head: .*expected BigInt \(a JSON string\), got number 19000000/,
    )
    expect(at({ chainId: '1' })).toMatch(/^chains\[0\]\.chainId: .*expected Int, got string "1"/)
    expect(at({ name: null })).toMatch(/^chains\[0\]\.name: .*null where the schema says String!/)
    expect(at({ status: 'FRESH' })).toMatch(
      /^chains\[0\]\.status: .*expected a ChainSyncStatus value, got string "FRESH"/,
    )
    expect(at({ extra: 1 })).toMatch(/^chains\[0\]: .*fields the document did not ask for: extra/)
    const { ageSeconds: _, ...withoutAge } = chain
    expect(problemOf({ ...answer, chains: [withoutAge] })).toMatch(/^chains\[0\]\.ageSeconds: .*missing/)
    expect(problemOf({ ...answer, chains: chain })).toMatch(/^chains: .*expected a list, got an object/)
    expect(problemOf({ ...answer, __typename: 'Mutation' })).toMatch(/^__typename: .*expected "Query"/)
  })

  test('holds the CLI’s margin report document to the schema: a report that is not an object is refused', () => {
    expect(() => checkResult({ document: marginQueryDocument, data: { margin: 'report' } })).toThrow(
      /at margin: expected a MarginReport object, got string "report"/,
    )
  })
})
