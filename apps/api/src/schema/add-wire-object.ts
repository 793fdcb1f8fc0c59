import type { ObjectRef, OutputType, TypeParam } from '@pothos/core'
import type { AnyWireObject, ViewOf, WireEntry, WireType } from '../report/wire-object.js'
import type { ApiBuilder, ApiSchemaTypes } from './builder.js'

/** The builder's schema types (Pothos adds its defaults to ours). */
type Types = PothosSchemaTypes.ExtendDefaultTypes<ApiSchemaTypes>

import type { Enums } from './enums.js'

/** The refs already added to a builder, so nested objects are added once and shared. */
const added = new WeakMap<ApiBuilder, Map<AnyWireObject, ObjectRef<Types, unknown>>>()

/** Parameters of {@link addWireObject}. */
export type AddWireObjectParameters<O extends AnyWireObject> = {
  builder: ApiBuilder
  enums: Enums
  object: O
}
/**
 * Return type of {@link addWireObject}: the object's ref. Its shape is the description's view, or a
 * wider shape (`Shape`) that the API's own fields on the object read (say the report's parameter set).
 */
export type AddWireObjectReturnType<O extends AnyWireObject, Shape extends ViewOf<O> = ViewOf<O>> = ObjectRef<
  Types,
  Shape
>

/**
 * Adds a described wire object (and the objects its fields point to) to the builder: each
 * non-omitted entry becomes a field of its type, nullability and description that reads the view's
 * property of the same name. Added once per builder; a second call returns the same ref.
 *
 * @example
 * const MarginReport = addWireObject({ builder, enums, object: MarginReportWire })
 * builder.queryField('margin', (t) => t.field({ type: MarginReport, resolve: () => view }))
 */
export function addWireObject<O extends AnyWireObject, Shape extends ViewOf<O> = ViewOf<O>>(
  parameters: AddWireObjectParameters<O>,
): AddWireObjectReturnType<O, Shape> {
  const { builder, enums, object } = parameters
  let refs = added.get(builder)
  if (!refs) {
    refs = new Map()
    added.set(builder, refs)
  }
  const existing = refs.get(object)
  // The map holds each object's ref under the object itself. A ref is only a name at run time; its
  // shape is a compile-time promise that the first call makes (a nested object is added with its
  // view, a top-level one may be added first with a wider shape, as the report is).
  if (existing) return existing as AddWireObjectReturnType<O, Shape>
  const ref = builder.objectRef<Shape>(object.name)
  refs.set(object, ref)
  const typeOf = (type: WireType): OutputType<Types> => {
    if (type.kind === 'scalar') return type.name
    if (type.kind === 'enum') return enums[type.name]
    return addWireObject({ builder, enums, object: type.object })
  }
  const entries = (Object.entries(object.fields) as [string, WireEntry][]).filter(
    (entry): entry is [string, Exclude<WireEntry, { kind: 'omitted' }>] => entry[1].kind !== 'omitted',
  )
  const fieldTypes = entries.map(([name, entry]) => {
    const type = typeOf(entry.type)
    const param: TypeParam<Types> = entry.list ? [type] : type
    return { name, entry, type: param }
  })
  ref.implement({
    description: object.description,
    fields: (t) =>
      Object.fromEntries(
        fieldTypes.map(({ name, entry, type }) => [
          name,
          // The view's value under `name` has the entry's type (ViewOf<O>); Pothos cannot follow a
          // type chosen at run time, so the property is read as the field's (unchecked) shape.
          t.field({
            type,
            nullable: entry.nullable,
            description: entry.description,
            resolve: (view) => (view as Record<string, never>)[name]!,
          }),
        ]),
      ),
  })
  return ref
}
