import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { arch, platform } from 'node:os'
import { DevnetError } from '../errors.js'

const require = createRequire(import.meta.url)

/**
 * Path of the anvil binary shipped inside `@foundry-rs/anvil`'s platform package.
 * Spawning it directly (not through the package's node wrapper) lets us own its signals.
 *
 * @example
 * const bin = resolveAnvilBinary() // .../@foundry-rs/anvil-linux-amd64/bin/anvil
 */
export function resolveAnvilBinary(): string {
  const cpu = arch() === 'x64' ? 'amd64' : arch()
  const platformPackage = `@foundry-rs/anvil-${platform()}-${cpu}`
  const wrapper = require.resolve('@foundry-rs/anvil/package.json')
  const fromWrapper = createRequire(wrapper)
  try {
    const candidate = fromWrapper.resolve(`${platformPackage}/bin/anvil`)
    if (existsSync(candidate)) return candidate
  } catch (cause) {
    throw new DevnetError(`No anvil binary for ${platform()}/${cpu}.`, {
      details: `Expected the npm package ${platformPackage} next to @foundry-rs/anvil.`,
      cause,
    })
  }
  throw new DevnetError(`No anvil binary for ${platform()}/${cpu}.`)
}
