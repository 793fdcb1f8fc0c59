import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createJiti } from 'jiti'
import { ConfigError, ConfigNotFoundError } from './errors.js'
import type { ResolvedConfig } from './resolved-config.js'
import { validateConfig } from './validate-config.js'

/** Parameters of {@link loadConfig}. */
export type LoadConfigParameters = {
  /** Path of `xmargin.config.ts` (or `.js`/`.mjs`), relative to `cwd`. */
  file: string
  cwd?: string | undefined
  env?: Readonly<Record<string, string | undefined>> | undefined
}
/** Return type of {@link loadConfig}. */
export type LoadConfigReturnType = ResolvedConfig

/**
 * This package's entry: a config file's `import { defineConfig } from '@xmargin/cli'` (what
 * `xmargin init` writes) or `from '@xmargin/config'` resolves to it from any folder, so every
 * program that loads configs (the CLI, the indexer daemon) reads the same files.
 */
const configEntry = join(dirname(fileURLToPath(import.meta.url)), 'index.ts')

/**
 * Loads a TypeScript (or JavaScript) config file with jiti, `@xmargin/cli` and `@xmargin/config`
 * aliased to this package, and validates it. A missing file throws {@link ConfigNotFoundError};
 * import and syntax errors a {@link ConfigError} naming the file; validation errors one naming the
 * file and the key.
 *
 * @example
 * const config = await loadConfig({ file: 'xmargin.config.ts' })
 * config.chains[0].rpcUrls // ['https://…']
 */
export async function loadConfig(parameters: LoadConfigParameters): Promise<LoadConfigReturnType> {
  const { file } = parameters
  const path = resolve(parameters.cwd ?? process.cwd(), file)
  if (!existsSync(path)) throw new ConfigNotFoundError(file)
  const jiti = createJiti(import.meta.url, {
    alias: { '@xmargin/cli': configEntry, '@xmargin/config': configEntry },
    moduleCache: false,
    interopDefault: true,
  })
  let loaded: unknown
  try {
    loaded = await jiti.import(path, { default: true })
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error)
    throw new ConfigError(file, [{ path: 'default', message: `cannot load: ${message}` }], { cause: error })
  }
  return validateConfig({ config: loaded, file, cwd: parameters.cwd, env: parameters.env })
}
