import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createJiti } from 'jiti'
import { CliError, ConfigError, exitCodes } from '../errors.js'
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

/** The CLI's public entry, so that `import { defineConfig } from '@xmargin/cli'` resolves from any folder. */
const cliEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'index.ts')

/**
 * Loads a TypeScript (or JavaScript) config file with jiti, `@xmargin/cli` aliased to this package,
 * and validates it. Import errors and syntax errors name the file; validation errors name the file
 * and the key.
 *
 * @example
 * const config = await loadConfig({ file: 'xmargin.config.ts' })
 * config.chains[0].rpcUrls // ['https://…']
 */
export async function loadConfig(parameters: LoadConfigParameters): Promise<LoadConfigReturnType> {
  const { file } = parameters
  const path = resolve(parameters.cwd ?? process.cwd(), file)
  if (!existsSync(path))
    throw new CliError(`Config file not found: ${file}`, {
      details: 'Create one with `xmargin init`, or pass --config <file>.',
      exitCode: exitCodes.config,
    })
  const jiti = createJiti(import.meta.url, {
    alias: { '@xmargin/cli': cliEntry },
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
  return validateConfig({ config: loaded, file, env: parameters.env })
}
