/**
 * One description per wire object, from which both the view mapping (engine value → what GraphQL
 * serves) and the Pothos type are derived (`src/schema/add-wire-object.ts`). A description is keyed
 * by the wire field names and typed against its engine source type `S`: every key of `S` must be
 * exposed (through a codec of the right value type and nullability), derived, or omitted with a
 * reason, so a field added to the engine's report and not decided on here is a compile error.
 */
import { formatUsd } from '@xmargin/core'
import type { Enums } from '../schema/enums.js'

/** The scalars a wire field can have, with the value the view holds for each. */
export type WireScalars = {
  String: string
  Int: number
  Boolean: boolean
  /** Exact decimal strings: money and ratios, never a float. */
  Decimal: string
  BigInt: bigint
  Address: string
}
/** A scalar's name. */
export type WireScalarName = keyof WireScalars
/** An enum's name (the refs `addEnums` creates). */
export type WireEnumName = keyof Enums
/** An enum's internal values (what the engine holds, e.g. `'aave-v3'`). */
export type WireEnumValue<N extends WireEnumName> = Enums[N]['$inferType']

/** What a wire field's type points to. */
export type WireType =
  | { kind: 'scalar'; name: WireScalarName }
  | { kind: 'enum'; name: WireEnumName }
  | { kind: 'object'; object: AnyWireObject }

type FieldBase = {
  type: WireType
  /** A list of `type` (items non-null). */
  list: boolean
  description: string | undefined
}

/** An engine field served under its own name: `encode` turns the engine value `V` into the view value `W`. */
export type WireCodec<V, W, N extends boolean> = FieldBase & {
  kind: 'codec'
  nullable: N
  encode: (value: V) => W
}

/** A wire field computed from the whole source object and the mapping's context `C`. */
export type WireDerived<S, C, W> = FieldBase & {
  kind: 'derived'
  nullable: boolean
  resolve: (source: S, context: C) => W
}

/** An engine field deliberately not on the wire (the reason is the documentation). */
export type WireOmitted = { kind: 'omitted'; reason: string }

/** Any entry of a description. */
export type WireEntry = WireCodec<never, unknown, boolean> | WireDerived<never, never, unknown> | WireOmitted

/** The view value of one entry. */
type ViewValueOf<E> = E extends { encode: (value: never) => infer W }
  ? W
  : E extends { resolve: (source: never, context: never) => infer W }
    ? W
    : never

/** The view (what GraphQL serves) of a description's fields: omitted entries dropped. */
export type ViewOfFields<F> = {
  [K in keyof F as F[K] extends WireOmitted ? never : K]: ViewValueOf<F[K]>
}

/** A described wire object: its GraphQL name, fields and the mapping from its engine source. */
export type WireObject<S, C, F> = {
  name: string
  description: string | undefined
  fields: F
  /** Maps one engine value (and the mapping's context) to the view GraphQL serves. */
  toView: (source: S, context: C) => ViewOfFields<F>
}

// biome-ignore lint/suspicious/noExplicitAny: the widest wire object, for registries keyed by object
export type AnyWireObject = WireObject<any, any, any>

/** The view type of a wire object. */
export type ViewOf<O> = O extends WireObject<infer _S, infer _C, infer F> ? ViewOfFields<F> : never

/** A field's type as the kit's `derived` names it: a scalar, `{ enum }`, a wire object, or a one-item list of those. */
export type WireTypeSpec = WireScalarName | { enum: WireEnumName } | AnyWireObject
type ValueOfSpec<T> = T extends WireScalarName
  ? WireScalars[T]
  : T extends { enum: infer E extends WireEnumName }
    ? WireEnumValue<E>
    : T extends WireObject<infer _S, infer _C, infer F>
      ? ViewOfFields<F>
      : never
/** The view value of a derived field of type `T` (nullable when `N`). */
export type WireValue<T, N extends boolean> =
  | (T extends readonly [infer I] ? ValueOfSpec<I>[] : ValueOfSpec<T>)
  | (N extends true ? null : never)

/** What each key of the engine source must be given: a codec of its type and nullability, a derived field, or an omission. */
type EntryFor<V, S, C> =
  | WireCodec<V, unknown, null extends V ? true : false>
  | WireDerived<S, C, unknown>
  | WireOmitted

/** Every key of `S` decided on; every other key of `F` derived. */
export type WireFieldsFor<S, C, F> = { [K in keyof S]-?: EntryFor<S[K], S, C> } & {
  [K in Exclude<keyof F, keyof S>]: WireDerived<S, C, unknown>
}

const scalar =
  <V, W>(name: WireScalarName, encode: (value: V) => W) =>
  (description?: string): WireCodec<V, W, false> => ({
    kind: 'codec',
    type: { kind: 'scalar', name },
    list: false,
    nullable: false,
    description,
    encode,
  })

const identity = <V>(value: V) => value

/**
 * USD on the wire: an exact decimal string to the cent.
 *
 * @example
 * formatMoney(1234.5678) // '1234.57'
 */
export const formatMoney = (value: number): string => formatUsd({ value })

/**
 * A ratio on the wire (health, relative moves, vols, unit quantities): six decimals.
 *
 * @example
 * formatRatio(-0.057) // '-0.057000'
 */
export const formatRatio = (value: number): string => formatUsd({ value, decimals: 6 })

/**
 * The codecs: how an engine value of each kind goes on the wire. `money` is USD to the cent and
 * `ratio` six decimals (health, moves, vols), both as exact decimal strings.
 *
 * @example
 * wireCodecs.money('Sum of the initial margins.') // engine number → '1234.57'
 */
export const wireCodecs = {
  /** A string served as it is (its engine type, e.g. a union of reasons, kept in the view). */
  text: <V extends string>(description?: string): WireCodec<V, V, false> =>
    scalar('String', identity<V>)(description),
  int: scalar('Int', (value: number) => value),
  boolean: scalar('Boolean', (value: boolean) => value),
  money: scalar('Decimal', formatMoney),
  ratio: scalar('Decimal', formatRatio),
  bigint: scalar('BigInt', (value: bigint) => value),
  address: <V extends `0x${string}`>(description?: string): WireCodec<V, V, false> =>
    scalar('Address', identity<V>)(description),
  /** An engine string union served as a GraphQL enum; the engine's values must all be the enum's. */
  enumOf: <N extends WireEnumName>(
    name: N,
    description?: string,
  ): WireCodec<WireEnumValue<N>, WireEnumValue<N>, false> => ({
    kind: 'codec',
    type: { kind: 'enum', name },
    list: false,
    nullable: false,
    description,
    encode: identity,
  }),
  /** A nested engine object (its description needs no context). */
  object: <S, F>(
    object: WireObject<S, void, F>,
    description?: string,
  ): WireCodec<S, ViewOfFields<F>, false> => ({
    kind: 'codec',
    type: { kind: 'object', object },
    list: false,
    nullable: false,
    description,
    encode: (value) => object.toView(value, undefined),
  }),
  /** A list of nested engine objects. */
  list: <S, F>(
    object: WireObject<S, void, F>,
    description?: string,
  ): WireCodec<readonly S[], ViewOfFields<F>[], false> => ({
    kind: 'codec',
    type: { kind: 'object', object },
    list: true,
    nullable: false,
    description,
    encode: (values) => values.map((value) => object.toView(value, undefined)),
  }),
  /** The same codec for an engine value that may be null (null stays null). */
  nullable: <V, W>(codec: WireCodec<V, W, false>): WireCodec<V | null, W | null, true> => ({
    ...codec,
    nullable: true,
    encode: (value) => (value === null ? null : codec.encode(value)),
  }),
  /** An engine field deliberately not served; the reason says why (or where it went). */
  omit: (reason: string): WireOmitted => ({ kind: 'omitted', reason }),
}

/** The codecs plus `derived`, bound to a source type `S` and context `C`. */
export type WireKit<S, C> = typeof wireCodecs & {
  /**
   * A wire field computed from the source object and the context: renamed, flattened or
   * combined engine fields, and facts from outside the engine (raw amounts, chain blocks).
   */
  derived: <const T extends WireTypeSpec | readonly [WireTypeSpec], N extends boolean = false>(
    type: T,
    options: { nullable?: N; description?: string; resolve: (source: S, context: C) => WireValue<T, N> },
  ) => WireDerived<S, C, WireValue<T, N>>
}

function wireTypeOf(spec: WireTypeSpec): WireType {
  if (typeof spec === 'string') return { kind: 'scalar', name: spec }
  if ('enum' in spec) return { kind: 'enum', name: spec.enum }
  return { kind: 'object', object: spec }
}

function kitFor<S, C>(): WireKit<S, C> {
  return {
    ...wireCodecs,
    derived: (type, options) => {
      const list = Array.isArray(type)
      const item: WireTypeSpec = Array.isArray(type) ? type[0] : type
      return {
        kind: 'derived',
        type: wireTypeOf(item),
        list,
        nullable: options.nullable ?? false,
        description: options.description,
        resolve: options.resolve,
      }
    },
  }
}

/** Parameters of the function {@link defineWireObject} returns. */
export type DefineWireObjectParameters<S, C, F> = {
  /** The GraphQL type name. */
  name: string
  description?: string
  /** The fields, in any order (the SDL sorts them), built with the kit. */
  fields: (kit: WireKit<S, C>) => F
}

/**
 * Describes one wire object over the engine type `S` (and a mapping context `C`, `void` when the
 * engine value alone suffices). Curried so `S` and `C` are given and `F` is inferred.
 *
 * @example
 * const ExcludedPosition = defineWireObject<MarginReport['excluded'][number]>()({
 *   name: 'ExcludedPosition',
 *   fields: (f) => ({ id: f.text(), reason: f.text() }),
 * })
 * ExcludedPosition.toView({ id: 'p1', reason: 'missing-price' }) // { id: 'p1', reason: 'missing-price' }
 */
export function defineWireObject<S, C = void>() {
  return <F extends WireFieldsFor<S, C, F>>(
    parameters: DefineWireObjectParameters<S, C, F>,
  ): WireObject<S, C, F> => {
    const fields = parameters.fields(kitFor<S, C>())
    const codecs: [string, (value: unknown) => unknown][] = []
    const derived: [string, (source: S, context: C) => unknown][] = []
    for (const [name, entry] of Object.entries(fields) as [string, WireEntry][]) {
      if (entry.kind === 'codec') codecs.push([name, entry.encode as (value: unknown) => unknown])
      else if (entry.kind === 'derived')
        derived.push([name, entry.resolve as (source: S, context: C) => unknown])
    }
    return {
      name: parameters.name,
      description: parameters.description,
      fields,
      toView: (source, context) => {
        const view: Record<string, unknown> = {}
        const values = source as Record<string, unknown>
        for (const [name, encode] of codecs) view[name] = encode(values[name])
        for (const [name, resolve] of derived) view[name] = resolve(source, context)
        // The keys and value types are exactly ViewOfFields<F>: one codec or derived entry per key.
        return view as ViewOfFields<F>
      },
    }
  }
}
