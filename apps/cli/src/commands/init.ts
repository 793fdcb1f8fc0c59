import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { validateConfig } from '@xmargin/config'
import type { Command } from 'commander'
import { configFromDevnet } from '../config/config-from-devnet.js'
import { configTemplate } from '../config/config-template.js'
import { readDevnetManifestFile } from '../config/read-devnet-manifest-file.js'
import { renderConfigSource } from '../config/render-config-source.js'
import { CliError, exitCodes } from '../errors.js'

type InitOptions = { force?: boolean; fromDevnet?: boolean; manifest?: string }

/** Where `init --from-devnet` reads the manifest by default (where `xmargin dev` writes it, from the repository root). */
const DEFAULT_MANIFEST = '.xmargin/devnet.json'
/** The database of a config written from the devnet (relative to the config file; never dev's own `dev.db`). */
const FROM_DEVNET_DB = '.xmargin/from-devnet.db'
/** Its API port: `xmargin dev` holds 4000 by default, and both run side by side. */
const FROM_DEVNET_PORT = 4001

/**
 * `xmargin init [file]`: writes a commented `xmargin.config.ts` for Ethereum, Arbitrum and Base;
 * with `--from-devnet`, the config that reproduces the running `xmargin dev` (read from its
 * manifest, `--manifest`), validated before it is written.
 *
 * @example
 * addInitCommand(program)
 */
export function addInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      "write a commented xmargin.config.ts for Ethereum, Arbitrum and Base (real addresses), or with --from-devnet the running devnet's",
    )
    .argument('[file]', 'where to write it', 'xmargin.config.ts')
    .option('-f, --force', 'overwrite an existing file')
    .option(
      '--from-devnet',
      'write the config of the running `xmargin dev` instead: its chains, tokens, venues and demo wallets',
    )
    .option('--manifest <path>', `the devnet manifest --from-devnet reads (default ${DEFAULT_MANIFEST})`)
    .action((file: string, options: InitOptions) => {
      if (options.manifest !== undefined && !options.fromDevnet)
        throw new CliError('--manifest is only read with --from-devnet.', { exitCode: exitCodes.usage })
      const path = resolve(file)
      if (existsSync(path) && !options.force)
        throw new CliError(`${file} already exists.`, {
          details: 'Pass --force to overwrite it.',
          exitCode: exitCodes.usage,
        })
      if (!options.fromDevnet) {
        writeFileSync(path, configTemplate)
        process.stdout.write(
          `wrote ${file}\n  edit the RPC URLs, wallets and accounts, then check it: xmargin index --config ${file} --dry-run\n`,
        )
        return
      }
      const manifestPath = options.manifest ?? DEFAULT_MANIFEST
      const manifest = readDevnetManifestFile(manifestPath)
      const config = configFromDevnet({ manifest, databasePath: FROM_DEVNET_DB, apiPort: FROM_DEVNET_PORT })
      validateConfig({ config, file, env: {} })
      writeFileSync(
        path,
        renderConfigSource({
          config,
          header: [
            `Written by \`xmargin init --from-devnet\` from ${manifestPath}: the chains (RPC URLs of that run),`,
            'tokens and feeds, venues and demo wallets of the running `xmargin dev`, followed as dev follows',
            'them, with the same (default) risk parameters. Run it beside dev on its own database and port:',
            `  xmargin start --config ${file}`,
            'Write it again after restarting dev on other RPC ports.',
          ],
          itemComments: { wallets: manifest.wallets.map((w) => w.name) },
        }),
      )
      process.stdout.write(
        `wrote ${file} from ${manifestPath}: ${manifest.chains.length} chains, ${manifest.wallets.length} wallets\n  run it beside xmargin dev: xmargin start --config ${file}\n`,
      )
    })
}
