import { printType } from 'graphql'
import { describe, expect, it } from 'vitest'
import { addWireObject } from '../schema/add-wire-object.js'
import { createBuilder } from '../schema/builder.js'
import { addEnums } from '../schema/enums.js'
import { addScalars } from '../schema/scalars.js'
import { defineWireObject } from './wire-object.js'

type Leg = { asset: string; price: number; below: number | null }
type Book = {
  kind: 'spot' | 'debt'
  equity: number
  health: number
  legs: Leg[]
  secret: number
}

const LegWire = defineWireObject<Leg>()({
  name: 'Leg',
  fields: (f) => ({ asset: f.text(), price: f.money(), below: f.nullable(f.money('Below spot.')) }),
})

const BookWire = defineWireObject<Book, { reasons: string[] }>()({
  name: 'Book',
  description: 'A test book.',
  fields: (f) => ({
    kind: f.enumOf('PositionKind'),
    equity: f.money(),
    health: f.ratio(),
    legs: f.list(LegWire),
    secret: f.omit('not for the wire'),
    reasons: f.derived(['String'], { description: 'From the context.', resolve: (_, c) => c.reasons }),
  }),
})

describe('defineWireObject()', () => {
  it('maps an engine value to the view: money to the cent, ratios to 6 places, omitted fields dropped', () => {
    const view = BookWire.toView(
      {
        kind: 'debt',
        equity: 1234.5678,
        health: 1.0625,
        legs: [
          { asset: 'WETH', price: 3000, below: null },
          { asset: 'WBTC', price: 60000.126, below: 41000.5 },
        ],
        secret: 42,
      },
      { reasons: ['stale-chain:1'] },
    )
    expect(view).toEqual({
      kind: 'debt',
      equity: '1234.57',
      health: '1.062500',
      legs: [
        { asset: 'WETH', price: '3000.00', below: null },
        { asset: 'WBTC', price: '60000.13', below: '41000.50' },
      ],
      reasons: ['stale-chain:1'],
    })
    expect('secret' in view).toBe(false)
  })

  it('derives the GraphQL type: scalars, nullability, lists, enums, descriptions; omitted fields absent', () => {
    const builder = createBuilder()
    addScalars(builder)
    const enums = addEnums(builder)
    const ref = addWireObject({ builder, enums, object: BookWire })
    expect(addWireObject({ builder, enums, object: BookWire })).toBe(ref)
    builder.queryType({ fields: (t) => ({ book: t.field({ type: ref, resolve: () => null as never }) }) })
    const schema = builder.toSchema()
    expect(printType(schema.getType('Book')!)).toBe(
      [
        '"""A test book."""',
        'type Book {',
        '  equity: Decimal!',
        '  health: Decimal!',
        '  kind: PositionKind!',
        '  legs: [Leg!]!',
        '',
        '  """From the context."""',
        '  reasons: [String!]!',
        '}',
      ].join('\n'),
    )
    expect(printType(schema.getType('Leg')!)).toBe(
      [
        'type Leg {',
        '  asset: String!',
        '',
        '  """Below spot."""',
        '  below: Decimal',
        '  price: Decimal!',
        '}',
      ].join('\n'),
    )
  })
})

/**
 * Compile-time checks, enforced by `pnpm --filter @xmargin/api typecheck` (never run): each
 * directive fails the typecheck if the mistake under it ever compiles. A description refuses a field
 * left undecided, a wrong value type, a wrong nullability, an extra codec and a foreign enum.
 */
function _wireObjectTypeChecks() {
  defineWireObject<Leg>()({
    name: 'Leg',
    // @ts-expect-error `below` is neither exposed, derived nor omitted
    fields: (f) => ({ asset: f.text(), price: f.money() }),
  })
  defineWireObject<Leg>()({
    name: 'Leg',
    // @ts-expect-error `price` is a number: `text` does not take it
    fields: (f) => ({ asset: f.text(), price: f.text(), below: f.nullable(f.money()) }),
  })
  defineWireObject<Leg>()({
    name: 'Leg',
    // @ts-expect-error `below` may be null: a non-null codec does not take it
    fields: (f) => ({ asset: f.text(), price: f.money(), below: f.money() }),
  })
  defineWireObject<Leg>()({
    name: 'Leg',
    // @ts-expect-error `spot` is not on Leg: only a derived field may add it
    fields: (f) => ({ asset: f.text(), price: f.money(), below: f.nullable(f.money()), spot: f.money() }),
  })
  defineWireObject<Book, { reasons: string[] }>()({
    name: 'Book',
    fields: (f) => ({
      // @ts-expect-error OptionRight's values ('call', 'put') are not the engine's kinds
      kind: f.enumOf('OptionRight'),
      equity: f.money(),
      health: f.ratio(),
      legs: f.list(LegWire),
      secret: f.omit('not for the wire'),
    }),
  })
}
