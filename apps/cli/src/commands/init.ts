import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { configTemplate } from '../config/config-template.js'
import { CliError, exitCodes } from '../errors.js'

type InitOptions = { force?: boolean }

/**
 * `xmargin init [file]`: writes a commented `xmargin.config.ts` for Ethereum, Arbitrum and Base.
 *
 * @example
 * addInitCommand(program)
 */
export function addInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented xmargin.config.ts for Ethereum, Arbitrum and Base (real addresses)')
    .argument('[file]', 'where to write it', 'xmargin.config.ts')
    .option('-f, --force', 'overwrite an existing file')
    .action((file: string, options: InitOptions) => {
      const path = resolve(file)
      if (existsSync(path) && !options.force)
        throw new CliError(`${file} already exists.`, {
          details: 'Pass --force to overwrite it.',
          exitCode: exitCodes.usage,
        })
      writeFileSync(path, configTemplate)
      process.stdout.write(
        `wrote ${file}\n  edit the RPC URLs, wallets and accounts, then check it: xmargin index --config ${file} --dry-run\n`,
      )
    })
}
