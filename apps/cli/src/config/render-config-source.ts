/** Parameters of {@link renderConfigSource}. */
export type RenderConfigSourceParameters = {
  /** The object passed to `defineConfig`, in key order (undefined values are left out). */
  config: Readonly<Record<string, unknown>>
  /** Comment lines at the top of the file (without `// `). */
  header: readonly string[]
  /** A trailing `// comment` per item of a top-level list, e.g. `{ wallets: ['cross-chain', …] }`. */
  itemComments?: Readonly<Record<string, readonly string[]>> | undefined
}
/** Return type of {@link renderConfigSource}: the file's text. */
export type RenderConfigSourceReturnType = string

const WIDTH = 150
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Writes a config object as the TypeScript source of an `xmargin.config.ts`: `defineConfig` from
 * '@xmargin/cli', strings single-quoted, bigints as `123n`, short objects and lists on one line,
 * longer ones one entry per line.
 *
 * @example
 * renderConfigSource({ config: { chains: { base: { chainId: 8453, rpcUrls: ['http://127.0.0.1:8547'], tokens: [] } } }, header: ['for the devnet'] })
 * // // for the devnet
 * // import { defineConfig } from '@xmargin/cli'
 * //
 * // export default defineConfig({
 * //   chains: { base: { chainId: 8453, rpcUrls: ['http://127.0.0.1:8547'], tokens: [] } },
 * // })
 */
export function renderConfigSource(parameters: RenderConfigSourceParameters): RenderConfigSourceReturnType {
  const entries = Object.entries(parameters.config).filter(([, value]) => value !== undefined)
  const body = entries.map(([key, value]) => {
    const comments = parameters.itemComments?.[key]
    if (comments && Array.isArray(value)) {
      const comment = (i: number) => (comments[i] ? ` // ${comments[i].replace(/\s+/g, ' ')}` : '')
      const items = value.map((item, i) => `    ${source(item, 4)},${comment(i)}`)
      return `  ${property(key)}: [\n${items.join('\n')}\n  ],`
    }
    return `  ${property(key)}: ${source(value, 2)},`
  })
  return [
    ...parameters.header.map((line) => (line ? `// ${line}` : '//')),
    "import { defineConfig } from '@xmargin/cli'",
    '',
    'export default defineConfig({',
    ...body,
    '})',
    '',
  ].join('\n')
}

/** A value as TypeScript source, `indent` being the column of the line it starts on. */
function source(value: unknown, indent: number): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const pad = ' '.repeat(indent + 2)
  if (Array.isArray(value)) {
    const items = value.map((item) => source(item, indent + 2))
    const line = `[${items.join(', ')}]`
    if (indent + line.length <= WIDTH && !line.includes('\n')) return line
    return `[\n${items.map((item) => `${pad}${item},`).join('\n')}\n${' '.repeat(indent)}]`
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (entries.length === 0) return '{}'
    const items = entries.map(([key, v]) => `${property(key)}: ${source(v, indent + 2)}`)
    const line = `{ ${items.join(', ')} }`
    if (indent + line.length <= WIDTH && !line.includes('\n')) return line
    return `{\n${items.map((item) => `${pad}${item},`).join('\n')}\n${' '.repeat(indent)}}`
  }
  throw new TypeError(`Cannot write ${String(value)} into a config file.`)
}

function property(key: string): string {
  return identifier.test(key) ? key : source(key, 0)
}
