import { marginQueryDocument } from '@xmargin/api'
import { describe, expect, test } from 'vitest'
import { CliError, exitCodes } from '../src/errors.js'
import { queryApi } from '../src/runtime/query-api.js'

/** An API that answers every request with `body` (what a yoga of another schema could send). */
const answering = (body: unknown) => ({ yoga: { fetch: () => Response.json(body) } })
const variables = { addresses: ['0x0000000000000000000000000000000000000001' as const] }

async function errorOf(body: unknown): Promise<CliError> {
  const error = await queryApi({ api: answering(body), document: marginQueryDocument, variables }).catch(
    (e: unknown) => e,
  )
  if (!(error instanceof CliError)) throw new Error(`expected a CliError, got ${String(error)}`)
  return error
}

describe('queryApi()', () => {
  test('an answer that is not of the document’s shape is a CliError naming the field, not a cast', async () => {
    const error = await errorOf({ data: { margin: { model: 'PORTFOLIO', status: 'OK' } } })
    expect(error.shortMessage).toMatch(
      /^The API's answer does not match the schema at margin\.status: expected a MarginStatus value, got string "OK"/,
    )
    expect(error.exitCode).toBe(exitCodes.failure)
  })

  test('GraphQL errors keep their code and exit code; errors of another format are refused', async () => {
    const stale = await errorOf({
      errors: [{ message: 'ethereum is stale', extensions: { code: 'STALE_DATA' } }],
    })
    expect([stale.shortMessage, stale.exitCode]).toEqual([
      'STALE_DATA: ethereum is stale',
      exitCodes.unavailable,
    ])
    const odd = await errorOf({ errors: ['boom'] })
    expect(odd.shortMessage).toBe('The API answered with errors not in the GraphQL response format.')
    expect((await errorOf({ data: null })).shortMessage).toBe('The API answered HTTP 200 without data.')
  })
})
