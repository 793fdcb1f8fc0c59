import { defaultRiskParameters } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jointDesign } from './joint-scenarios.js'
import {
  presentScenarioList,
  scenarioColumn,
  scenarioList,
  worstJointScenario,
  worstLinearScenario,
} from './scenario-list.js'

const design = jointDesign(defaultRiskParameters)
const width = design.factors.length

/** Non-empty ascending subsets of the design's factors (a book's factors in design order). */
const designOfArbitrary = fc
  .subarray([...Array(width).keys()], { minLength: 1 })
  .map((indices) => [...indices].sort((a, b) => a - b))

/** The scan as the design spells it: every design scenario, weight and points through `designOf`. */
function worstFromDesign(designOf: readonly number[], exposure: readonly number[], withOptions: boolean) {
  const list = scenarioList(design, designOf)
  const count = withOptions ? list.scenarios.length : list.linearCount
  let best = 0
  let scenario = -1
  for (let j = 0; j < count; j++) {
    const s = list.scenarios[j]!
    let pnl = 0
    designOf.forEach((d, f) => {
      const point = design.points[s * width + d]!
      pnl += exposure[f]! * design.sets[d]!.moves[point]! + 0
    })
    const loss = -design.weights[s]! * pnl
    if (loss > best) {
      best = loss
      scenario = s
    }
  }
  return { loss: best, scenario }
}

describe('scenarioList', () => {
  it('is memoised per design and factor set', () => {
    expect(scenarioList(design, [1, 2])).toBe(scenarioList(design, [1, 2]))
    expect(scenarioList(design, [1, 2])).not.toBe(scenarioList(design, [1]))
  })

  it('lays out, per listed scenario, the weight, each book factor’s row offset and move', () => {
    const designOf = [1, 2]
    const list = scenarioList(design, designOf)
    expect(list.width).toBe(2)
    list.scenarios.forEach((s, j) => {
      expect(list.weights[j]).toBe(design.weights[s])
      designOf.forEach((d, f) => {
        const point = design.points[s * width + d]!
        expect(list.offsets[j * 2 + f]).toBe(f * design.stride + point)
        expect(list.moves[j * 2 + f]).toBe(design.sets[d]!.moves[point])
      })
    })
  })
})

describe('scenarioColumn', () => {
  it('splits the list, in order, into the scenarios that move a factor (with its point) and those that do not', () => {
    fc.assert(
      fc.property(designOfArbitrary, (designOf) => {
        const list = scenarioList(design, designOf)
        designOf.forEach((d, f) => {
          const column = scenarioColumn(list, f)
          expect(scenarioColumn(list, f)).toBe(column)
          const moving: number[] = []
          const points: number[] = []
          const still: number[] = []
          list.scenarios.forEach((s, j) => {
            const point = design.points[s * width + d]!
            if (point === 0) still.push(j)
            else {
              moving.push(j)
              points.push(point)
            }
          })
          expect([...column.moving]).toEqual(moving)
          expect([...column.points]).toEqual(points)
          expect([...column.still]).toEqual(still)
          expect(column.movingLinear).toBe(moving.filter((j) => j < list.linearCount).length)
          expect(column.stillLinear).toBe(still.filter((j) => j < list.linearCount).length)
        })
      }),
    )
  })
})

describe('worstJointScenario and worstLinearScenario', () => {
  const exposure = fc.double({ min: -1e7, max: 1e7, noNaN: true })

  it('find the design’s worst scenario and loss, bit for bit, from rows or from exposures', () => {
    fc.assert(
      fc.property(
        designOfArbitrary,
        fc.array(exposure, { minLength: width, maxLength: width }),
        fc.array(fc.boolean(), { minLength: width, maxLength: width }),
        (designOf, exposures, members) => {
          // A factor without members has no row (skipped) and exposure 0.
          const e = designOf.map((_, f) => (members[f] ? exposures[f]! : 0))
          const list = scenarioList(design, designOf)
          const nf = designOf.length
          const rows = new Float64Array(nf * design.stride)
          const present = Uint8Array.from(designOf, (_, f) => (members[f] ? 1 : 0))
          designOf.forEach((d, f) => {
            const moves = design.sets[d]!.moves
            for (let point = 0; point < moves.length; point++)
              rows[f * design.stride + point] = e[f]! * moves[point]! + 0
          })
          const expected = worstFromDesign(designOf, e, false)
          expect(worstJointScenario(list, present, 0, rows, 0, false)).toEqual(expected)
          expect(worstLinearScenario(list, Float64Array.from(e), 0)).toEqual(expected)
          expect(worstJointScenario(list, present, 0, rows, 0, true)).toEqual(
            worstFromDesign(designOf, e, true),
          )
        },
      ),
    )
  })

  it('give a bucket the same worst loss over the list of its own factors as over the book’s', () => {
    fc.assert(
      fc.property(
        designOfArbitrary,
        fc.array(exposure, { minLength: width, maxLength: width }),
        fc.array(fc.boolean(), { minLength: width, maxLength: width }),
        (designOf, exposures, members) => {
          const present = Uint8Array.from(designOf, (_, f) => (members[f] ? 1 : 0))
          fc.pre(present.some((m) => m === 1))
          const own = designOf.flatMap((_, f) => (members[f] ? [exposures[f]!] : []))
          const list = presentScenarioList(design, designOf, present, 0)
          expect(list).toBe(
            scenarioList(
              design,
              designOf.filter((_, f) => members[f]),
            ),
          )
          const e = Float64Array.from(designOf, (_, f) => (members[f] ? exposures[f]! : 0))
          expect(worstLinearScenario(list, Float64Array.from(own), 0).loss).toBe(
            worstLinearScenario(scenarioList(design, designOf), e, 0).loss,
          )
        },
      ),
    )
  })

  it('read at an offset', () => {
    const list = scenarioList(design, [0, 1])
    const exposures = Float64Array.from([7, 7, -1000, 250])
    expect(worstLinearScenario(list, exposures, 2)).toEqual(
      worstLinearScenario(list, Float64Array.from([-1000, 250]), 0),
    )
  })
})
