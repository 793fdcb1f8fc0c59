import { describe, expect, it } from 'vitest'
import { CliError, exitCodes } from '../src/errors.js'
import { resolveDevPriceAge } from '../src/runtime/dev-price-age.js'

describe('resolveDevPriceAge() (xmargin dev --max-price-age / --heartbeat)', () => {
  // A live feed's served round is up to one period, one beat and the indexing of its block old:
  // the period must leave the other two room, on a busy machine 10 s of a 20 s limit.
  it('defaults the heartbeat to a third of the limit, at least 1 s and at most 60 s', () => {
    const heartbeat = (maxPriceAge: number) => resolveDevPriceAge({ maxPriceAge }).heartbeat
    expect([2, 20, 30, 600].map(heartbeat)).toEqual([1, 6, 10, 60])
    expect(resolveDevPriceAge({}).heartbeat).toBe(60)
    expect(resolveDevPriceAge({ maxPriceAge: 20, heartbeat: 15 }).heartbeat).toBe(15)
  })

  it('refuses a heartbeat not below the limit, and a limit under 2 s, as usage errors (exit 2)', () => {
    for (const parameters of [{ maxPriceAge: 20, heartbeat: 20 }, { maxPriceAge: 1 }]) {
      const error = (() => {
        try {
          resolveDevPriceAge(parameters)
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(CliError)
      expect((error as CliError).exitCode).toBe(exitCodes.usage)
    }
  })
})
