import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BaseError } from '@xmargin/core'
import {
  buildSchema,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  typeFromAST,
} from 'graphql'
import { customScalarJson, type TypedDocument } from './graphql.js'

/**
 * An answer that does not have the shape its document and the committed schema give it: a field
 * missing or extra, a null where the schema says non-null, a number where it says `String`, an
 * enum value it does not list. `path` names the first such place (`margin.positions[3].notional`).
 *
 * @example
 * throw new ResultShapeError('margin.equity', 'expected Decimal (a JSON string), got number 12.5')
 */
export class ResultShapeError extends BaseError {
  override name = 'ResultShapeError'
  readonly path: string

  constructor(path: string, problem: string) {
    super(`The API's answer does not match the schema at ${path || 'data'}: ${problem}.`)
    this.path = path
  }
}

/** Parameters of {@link checkResult}. */
export type CheckResultParameters<Result, Variables> = {
  document: TypedDocument<Result, Variables>
  /** The answer's `data` as parsed from JSON. */
  data: unknown
  /** The schema the answer is held to; default the committed `schema.graphql` ({@link committedSchema}). */
  schema?: GraphQLSchema | undefined
}

let committed: GraphQLSchema | undefined

/**
 * The schema of the committed `apps/api/schema.graphql`, the SDL gql.tada types every document
 * from (built once per process).
 *
 * @example
 * committedSchema().getQueryType()?.name // 'Query'
 */
export function committedSchema(): GraphQLSchema {
  committed ??= buildSchema(
    readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8'),
  )
  return committed
}

/**
 * `data` as the document's result type, once checked against the document's selections and the
 * committed schema: every selected field present (unless under `@include`/`@skip`) and no other,
 * nulls only where the schema allows them, lists as arrays, `Int` a safe integer, `Float` a finite
 * number, `String`/`ID` strings, `Boolean` booleans, custom scalars in their JSON form
 * (`customScalarJson`), enums one of their values, `__typename` the type's name. What the static
 * result type promises is thus true of the value; a mismatch is a {@link ResultShapeError}.
 *
 * @example
 * const { margin } = checkResult({ document: marginQueryDocument, data: body.data })
 */
export function checkResult<Result, Variables>(parameters: CheckResultParameters<Result, Variables>): Result {
  const { document, data } = parameters
  const schema = parameters.schema ?? committedSchema()
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )
  const [operation] = operations
  if (!operation || operations.length > 1)
    throw new ResultShapeError('', `the document has ${operations.length} operations; one is checked`)
  const root = schema.getRootType(operation.operation)
  if (!root) throw new ResultShapeError('', `the schema has no ${operation.operation} type`)

  const checkSelection = (
    value: unknown,
    type: GraphQLCompositeType,
    selection: SelectionSetNode,
    path: string,
  ) => {
    if (!isRecord(value))
      throw new ResultShapeError(path, `expected a ${type.name} object, got ${describe(value)}`)
    const record = value
    let concrete = type
    if (isAbstractType(type)) {
      const name = record.__typename
      const named = typeof name === 'string' ? schema.getType(name) : undefined
      if (!isObjectType(named) || !schema.isSubType(type, named))
        throw new ResultShapeError(path, `a ${type.name} answer needs its __typename, got ${describe(name)}`)
      concrete = named
    }
    const seen = new Set<string>()
    const walk = (set: SelectionSetNode) => {
      for (const node of set.selections) {
        if (node.kind === Kind.FIELD) checkField(record, concrete, node, path, seen)
        else {
          const fragment = node.kind === Kind.FRAGMENT_SPREAD ? fragments.get(node.name.value) : node
          if (!fragment)
            throw new ResultShapeError(
              path,
              `unknown fragment ${node.kind === Kind.FRAGMENT_SPREAD ? node.name.value : ''}`,
            )
          const condition = fragment.typeCondition && typeFromAST(schema, fragment.typeCondition)
          const applies =
            !condition ||
            condition === concrete ||
            (isAbstractType(condition) && isObjectType(concrete) && schema.isSubType(condition, concrete))
          if (applies) walk(fragment.selectionSet)
        }
      }
    }
    walk(selection)
    const extra = Object.keys(record).filter((key) => !seen.has(key))
    if (extra.length > 0)
      throw new ResultShapeError(path, `fields the document did not ask for: ${extra.join(', ')}`)
  }

  const checkField = (
    record: Record<string, unknown>,
    parent: GraphQLCompositeType,
    node: FieldNode,
    path: string,
    seen: Set<string>,
  ) => {
    const key = node.alias?.value ?? node.name.value
    const at = path ? `${path}.${key}` : key
    seen.add(key)
    if (!(key in record)) {
      if (node.directives?.some((d) => d.name.value === 'include' || d.name.value === 'skip')) return
      throw new ResultShapeError(at, 'missing')
    }
    const value = record[key]
    if (node.name.value === '__typename') {
      if (value !== parent.name)
        throw new ResultShapeError(at, `expected "${parent.name}", got ${describe(value)}`)
      return
    }
    if (!isObjectType(parent)) throw new ResultShapeError(at, `${parent.name} has no field of its own here`)
    const field = parent.getFields()[node.name.value]
    if (!field) throw new ResultShapeError(at, `${parent.name} has no field ${node.name.value} in the schema`)
    checkValue(value, field.type, node.selectionSet, at)
  }

  const checkValue = (
    value: unknown,
    type: GraphQLOutputType,
    selection: SelectionSetNode | undefined,
    at: string,
  ) => {
    if (isNonNullType(type)) {
      if (value === null) throw new ResultShapeError(at, `null where the schema says ${String(type)}`)
      checkValue(value, type.ofType, selection, at)
      return
    }
    if (value === null) return
    if (isListType(type)) {
      if (!Array.isArray(value)) throw new ResultShapeError(at, `expected a list, got ${describe(value)}`)
      value.forEach((item, i) => {
        checkValue(item, type.ofType, selection, `${at}[${i}]`)
      })
      return
    }
    const named = getNamedType(type)
    if (isEnumType(named)) {
      if (typeof value !== 'string' || !named.getValue(value))
        throw new ResultShapeError(at, `expected a ${named.name} value, got ${describe(value)}`)
    } else if (isScalarType(named)) checkScalar(value, named.name, at)
    else {
      if (!selection) throw new ResultShapeError(at, `${named.name} needs a selection`)
      checkSelection(value, named, selection, at)
    }
  }

  checkSelection(data, root, operation.selectionSet, '')
  // Checked field by field above against the document and the committed schema.
  return data as Result
}

const builtInScalars: Readonly<Record<string, (value: unknown) => boolean>> = {
  Int: (value) => Number.isSafeInteger(value),
  Float: (value) => typeof value === 'number' && Number.isFinite(value),
  String: (value) => typeof value === 'string',
  ID: (value) => typeof value === 'string',
  Boolean: (value) => typeof value === 'boolean',
}

const customJson: Readonly<Record<string, 'string' | 'number' | 'boolean'>> = customScalarJson

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkScalar(value: unknown, name: string, at: string): void {
  const builtIn = builtInScalars[name]
  const json = Object.hasOwn(customJson, name) ? customJson[name] : undefined
  if (!builtIn && !json) throw new ResultShapeError(at, `scalar ${name} has no known JSON form`)
  if (builtIn ? !builtIn(value) : typeof value !== json)
    throw new ResultShapeError(
      at,
      `expected ${name}${json ? ` (a JSON ${json})` : ''}, got ${describe(value)}`,
    )
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${JSON.stringify(value)}`
}
