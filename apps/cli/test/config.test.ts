import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, loadConfig } from '@xmargin/config'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const WETH =
  "{ symbol: 'WETH', address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', decimals: 18, feed: '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419' }"

/** Writes a config file importing `defineConfig` from '@xmargin/cli' and returns its name. */
function writeConfig(name: string, body: string): string {
  writeFileSync(
    join(dir, name),
    `import { defineConfig } from '@xmargin/cli'\n\nexport default defineConfig(${body})\n`,
  )
  return name
}

describe('xmargin init', () => {
  it('writes a config that `xmargin index --config <file> --dry-run` validates without connecting', async () => {
    const init = await runCli(['init', 'xmargin.config.ts'], { cwd: dir })
    expect(init.code, init.stderr).toBe(0)
    const text = readFileSync(join(dir, 'xmargin.config.ts'), 'utf8')
    // The real deployments, with their sources cited in the file.
    expect(text).toContain('0x87870Bca3F3fD6335C3F4ce8392D69350B4fA4E2') // Aave v3 Pool, Ethereum
    expect(text).toContain('0x794a61358D6845594F94dc1DB02A252b5b4814aD') // Aave v3 Pool, Arbitrum
    expect(text).toContain('0xA238Dd80C259a72e81d7e4664a9801593F98d1c5') // Aave v3 Pool, Base
    expect(text).toContain('0xBBBBBbbBBb9cC5e90e3b3Af64bdAF62C37EEFFCb') // Morpho Blue
    expect(text).toContain('bgd-labs/aave-address-book')

    const dry = await runCli(['index', '--config', 'xmargin.config.ts', '--dry-run'], { cwd: dir })
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('xmargin.config.ts: valid')
    expect(dry.stdout).toMatch(
      /ethereum \(1\): 1 RPC URL\(s\).*3 tokens, venues: aave-v3, morpho-blue \(0 markets\)/,
    )
    expect(dry.stdout).toContain('arbitrum (42161)')
    expect(dry.stdout).toContain('base (8453)')

    const again = await runCli(['init', 'xmargin.config.ts'], { cwd: dir })
    expect(again.code).toBe(2)
    expect(again.stderr).toContain('xmargin.config.ts already exists')
  })
})

describe('xmargin init --from-devnet without a devnet', () => {
  it('no manifest: exit 4 naming it; --manifest without --from-devnet: exit 2; another JSON: exit 1 saying what is wrong', async () => {
    const missing = await runCli(['init', '--from-devnet', '--manifest', 'none.json', 'a.config.ts'], {
      cwd: dir,
    })
    expect(missing.code).toBe(4)
    expect(missing.stderr.split('\n')[0]).toBe('xmargin: No running devnet: none.json not found.')
    const usage = await runCli(['init', '--manifest', 'none.json', 'b.config.ts'], { cwd: dir })
    expect(usage.code).toBe(2)
    expect(usage.stderr.split('\n')[0]).toBe('xmargin: --manifest is only read with --from-devnet.')
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ chains: [{ chainId: 1, name: 'ethereum' }] }))
    const other = await runCli(['init', '--from-devnet', '--manifest', 'other.json', 'c.config.ts'], {
      cwd: dir,
    })
    expect(other.code).toBe(1)
    expect(other.stderr.split('\n')[0]).toBe(
      'xmargin: other.json is not a devnet manifest: chains[0].rpcUrl: must be an http(s) URL (and 3 more).',
    )
    expect(existsSync(join(dir, 'a.config.ts')) || existsSync(join(dir, 'c.config.ts'))).toBe(false)
  })
})

describe('config errors name the file and the key', () => {
  it('a chain without an RPC URL: exit 3 and one line naming the file and chains.<name>.rpcUrls', async () => {
    const file = writeConfig(
      'no-rpc.config.ts',
      `{ chains: { ethereum: { chainId: 1, rpcUrls: [] as unknown as [string], tokens: [] } } }`,
    )
    const result = await runCli(['start', '--config', file, '--dry-run'], { cwd: dir })
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n')[0]).toBe(
      'xmargin: no-rpc.config.ts: chains.ethereum.rpcUrls: needs at least one RPC URL',
    )
  })

  it('a webSocketUrl that is not ws:// or wss:// names chains.<name>.webSocketUrl (exit 3)', async () => {
    const file = writeConfig(
      'bad-ws.config.ts',
      `{ chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], webSocketUrl: 'https://eth.example' as never, tokens: [] },
                   base: { chainId: 8453, rpcUrls: ['https://base.example'], webSocketUrl: 'wss://' as never, tokens: [] } } }`,
    )
    const result = await runCli(['start', '--config', file, '--dry-run'], { cwd: dir })
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n')[0]).toBe(
      'xmargin: bad-ws.config.ts: chains.ethereum.webSocketUrl: not a ws:// or wss:// URL: https://eth.example (and 1 more)',
    )
    const error = (await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)) as ConfigError
    expect(error.issues.map((i) => i.path)).toEqual([
      'chains.ethereum.webSocketUrl',
      'chains.base.webSocketUrl',
    ])
  })

  it('a WebSocket URL among rpcUrls is refused with a pointer to webSocketUrl (the RPC transport is HTTP)', async () => {
    const file = writeConfig(
      'ws-rpc.config.ts',
      `{ chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example', 'wss://eth.example/ws'], tokens: [] } } }`,
    )
    const error = (await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)) as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'chains.ethereum.rpcUrls[1]: a WebSocket URL goes in webSocketUrl; rpcUrls are http(s): wss://eth.example/ws',
    ])
  })

  it('an unknown asset names the token key', async () => {
    const file = writeConfig(
      'unknown-asset.config.ts',
      `{ chains: { base: { chainId: 8453, rpcUrls: ['https://mainnet.base.org'], tokens: [${WETH}, { symbol: 'DOGE', address: '0x4200000000000000000000000000000000000006', decimals: 8, feed: '0x71041dddad3595F9CEd3DcCFBe3D1F4b0a16Bb70' }] } } }`,
    )
    const error = await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).shortMessage).toBe(
      'unknown-asset.config.ts: chains.base.tokens[1].symbol: unknown asset "DOGE": add it under risk.assets',
    )
  })

  it('an invalid correlation matrix is refused through defineRiskParameters, naming risk.correlations', async () => {
    const file = writeConfig(
      'bad-correlation.config.ts',
      `{ chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [${WETH}] } },
         risk: { correlations: [['ETH', 'BTC', 0.9], ['ETH', 'USD', 0.9], ['BTC', 'USD', -0.9]] } }`,
    )
    const result = await runCli(['index', '--config', file, '--dry-run'], { cwd: dir })
    expect(result.code).toBe(3)
    expect(result.stderr).toMatch(/^xmargin: bad-correlation\.config\.ts: risk\.correlations\.\w+: /)
  })

  it('a signer key in the file is refused: it comes from an environment variable only', async () => {
    const file = writeConfig(
      'secret.config.ts',
      `{ chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [] } },
         attestation: { signerKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' } as never }`,
    )
    const error = await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual(['attestation.signerKey'])
  })

  it('collects every issue with its key, and a bad port and a bad address are named too', async () => {
    const file = writeConfig(
      'many.config.ts',
      `{ chains: { ethereum: { chainId: 1, rpcUrls: ['ftp://nope'], tokens: [{ symbol: 'WETH', address: '0x12', decimals: 18, feed: '0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419' }] } },
         api: { port: 70000 }, wallets: ['0xnope'] }`,
    )
    const error = (await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)) as ConfigError
    expect(error.issues.map((i) => i.path).sort()).toEqual(
      ['api.port', 'chains.ethereum.rpcUrls[0]', 'chains.ethereum.tokens[0].address', 'wallets[0]'].sort(),
    )
    expect(error.shortMessage).toMatch(/^many\.config\.ts: .* \(and 3 more\)$/)
  })

  it('a missing file and a file that does not load are errors naming the file (exit 3)', async () => {
    const missing = await runCli(['serve', '--config', 'nowhere.config.ts', '--dry-run'], { cwd: dir })
    expect(missing.code).toBe(3)
    expect(missing.stderr).toContain('Config file not found: nowhere.config.ts')
    writeFileSync(join(dir, 'broken.config.ts'), 'export default {{ nope')
    const broken = await runCli(['serve', '--config', 'broken.config.ts', '--dry-run'], { cwd: dir })
    expect(broken.code).toBe(3)
    expect(broken.stderr).toMatch(/^xmargin: broken\.config\.ts: default: cannot load/)
  })
})

describe('--dry-run', () => {
  it('says per chain whether heads come by WebSocket (origin only: no key from the path) or by polling', async () => {
    const file = writeConfig(
      'heads.config.ts',
      `{ chains: {
           ethereum: { chainId: 1, rpcUrls: ['https://eth.example/v2/secret-key'], webSocketUrl: 'wss://eth.example/v2/secret-key', tokens: [] },
           base: { chainId: 8453, rpcUrls: ['https://base.example'], tokens: [] } } }`,
    )
    const dry = await runCli(['index', '--config', file, '--dry-run'], { cwd: dir })
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(
      /ethereum \(1\): .*, heads by WebSocket \(wss:\/\/eth\.example; polling as fallback\)$/m,
    )
    expect(dry.stdout).toMatch(/base \(8453\): .*, heads by polling$/m)
    expect(dry.stdout).not.toContain('secret-key')
    const config = await loadConfig({ file, cwd: dir })
    expect(config.chains.map((c) => c.webSocketUrl)).toEqual(['wss://eth.example/v2/secret-key', undefined])
  })
})

describe('command line', () => {
  it('usage errors exit 2; --help on every command exits 0', async () => {
    expect((await runCli(['bogus'])).code).toBe(2)
    expect((await runCli(['index'])).stderr).toContain("required option '-c, --config <file>'")
    for (const command of ['dev', 'index', 'serve', 'start', 'margin', 'stress', 'init']) {
      const help = await runCli([command, '--help'])
      expect(help.code, command).toBe(0)
      expect(help.stdout, command).toContain(`Usage: xmargin ${command}`)
    }
  })
})
