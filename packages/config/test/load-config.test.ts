import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BaseError } from '@xmargin/core'
import { afterAll, describe, expect, it } from 'vitest'
import {
  ConfigError,
  ConfigNotFoundError,
  configChainSettings,
  databaseLabel,
  describeConfig,
  loadConfig,
} from '../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const chains = `{ ethereum: { chainId: 1, rpcUrls: ['https://eth.example/v2/key'], webSocketUrl: 'wss://eth.example/v2/key', tokens: [] },
                  base: { chainId: 8453, rpcUrls: ['https://base.example', 'https://base2.example'], startBlock: 7, tokens: [] } }`

/** Writes `<dir>/<folder>/<name>` importing `defineConfig` from `from`; returns its path relative to `dir`. */
function writeConfig(folder: string, name: string, from: string, body: string): string {
  mkdirSync(join(dir, folder), { recursive: true })
  writeFileSync(
    join(dir, folder, name),
    `import { defineConfig } from '${from}'\n\nexport default defineConfig(${body})\n`,
  )
  return join(folder, name)
}

describe('loadConfig()', () => {
  it("loads a file importing defineConfig from '@xmargin/cli' or '@xmargin/config' outside the workspace, defaults applied", async () => {
    for (const from of ['@xmargin/cli', '@xmargin/config']) {
      const file = writeConfig(`by-${from.slice(9)}`, 'xmargin.config.ts', from, `{ chains: ${chains} }`)
      const config = await loadConfig({ file, cwd: dir, env: {} })
      expect(config.file, from).toBe(file)
      expect(
        config.chains.map((c) => [c.name, c.finalityDepth, c.useFinalizedTag, c.startBlock]),
        from,
      ).toEqual([
        ['ethereum', 65, true, undefined],
        ['base', 65, true, 7n],
      ])
      expect(config.chains[0]?.multicall3).toBe('0xcA11bde05977b3631167028862bE2a173976CA11')
      // Relative to the config file, not to the working directory.
      expect(config.database).toEqual({
        dialect: 'sqlite',
        path: join(dir, `by-${from.slice(9)}`, '.xmargin', 'xmargin.db'),
      })
      expect(config.api).toEqual({
        port: 4000,
        host: '127.0.0.1',
        adminKey: undefined,
        graphiql: false,
        cors: [],
        introspection: false,
        persistedOperations: undefined,
        limits: {},
        autoTrack: {},
        trustedProxies: [],
      })
      expect(config.signerKeyEnv).toBe('XMARGIN_ATTESTATION_KEY')
    }
  })

  it('a missing file is a ConfigNotFoundError (a BaseError) naming the file', async () => {
    const error = await loadConfig({ file: 'missing.config.ts', cwd: dir }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigNotFoundError)
    expect(error).toBeInstanceOf(BaseError)
    expect((error as ConfigNotFoundError).file).toBe('missing.config.ts')
    expect((error as ConfigNotFoundError).shortMessage).toBe('Config file not found: missing.config.ts')
  })

  it('a ConfigError is a BaseError whose details list every issue with the file and key', async () => {
    const file = writeConfig(
      'bad',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: { ethereum: { chainId: 0, rpcUrls: ['https://a'], tokens: [] } }, api: { port: -1 } }`,
    )
    const error = (await loadConfig({ file, cwd: dir }).catch((e: unknown) => e)) as ConfigError
    expect(error).toBeInstanceOf(ConfigError)
    expect(error).toBeInstanceOf(BaseError)
    expect(error.file).toBe(file)
    expect(error.details?.split('\n')).toEqual([
      `${file}: chains.ethereum.chainId: must be a positive integer chain id`,
      `${file}: api.port: must be a port number (0-65535)`,
    ])
  })

  it('database.url selects PostgreSQL (the label hides the password); path and url together, or a non-postgres URL, are issues', async () => {
    const good = writeConfig(
      'pg',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: ${chains}, database: { url: 'postgres://xm:secret@db.internal:5432/xmargin' } }`,
    )
    const config = await loadConfig({ file: good, cwd: dir, env: {} })
    expect(config.database).toEqual({
      dialect: 'postgresql',
      url: 'postgres://xm:secret@db.internal:5432/xmargin',
    })
    expect(databaseLabel(config.database)).toBe('postgres://xm:***@db.internal:5432/xmargin')
    const both = writeConfig(
      'pg-both',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: ${chains}, database: { url: 'postgres://db/x', path: 'x.db' } as never }`,
    )
    const bothError = (await loadConfig({ file: both, cwd: dir, env: {} }).catch(
      (e: unknown) => e,
    )) as ConfigError
    expect(bothError.details?.split('\n')).toEqual([`${both}: database: has both path and url; give one`])
    const mysql = writeConfig(
      'pg-mysql',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: ${chains}, database: { url: 'mysql://db/x' } }`,
    )
    const mysqlError = (await loadConfig({ file: mysql, cwd: dir, env: {} }).catch(
      (e: unknown) => e,
    )) as ConfigError
    expect(mysqlError.details?.split('\n')).toEqual([
      `${mysql}: database.url: must be a postgres://user:password@host:port/database URL`,
    ])
  })

  it('api.autoTrack keeps the keys the file sets; a wrong value or an unknown key is an issue naming it', async () => {
    const good = writeConfig(
      'track',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: ${chains}, api: { autoTrack: { enabled: false, perMinute: 5, total: 50, waitMs: 0 } } }`,
    )
    expect((await loadConfig({ file: good, cwd: dir, env: {} })).api.autoTrack).toEqual({
      enabled: false,
      perMinute: 5,
      total: 50,
      waitMs: 0,
    })
    const bad = writeConfig(
      'track-bad',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: ${chains}, api: { autoTrack: { enabled: 'yes', perMinute: 0, waitMs: 70000, perHour: 3 } } }`,
    )
    const error = (await loadConfig({ file: bad, cwd: dir, env: {} }).catch((e: unknown) => e)) as ConfigError
    expect(error.details?.split('\n')).toEqual([
      `${bad}: api.autoTrack.enabled: must be true or false`,
      `${bad}: api.autoTrack.perMinute: must be a positive integer`,
      `${bad}: api.autoTrack.waitMs: must be an integer from 0 to 60000 (ms)`,
      `${bad}: api.autoTrack.perHour: unknown key (known: enabled, perMinute, total, waitMs)`,
    ])
  })

  it('the XMARGIN_ADMIN_KEY of the given environment wins over api.adminKey', async () => {
    const file = writeConfig(
      'admin',
      'x.config.ts',
      '@xmargin/config',
      `{ chains: ${chains}, api: { adminKey: 'from-the-file-0123456789' } }`,
    )
    const fromFile = await loadConfig({ file, cwd: dir, env: {} })
    expect(fromFile.api.adminKey).toBe('from-the-file-0123456789')
    const fromEnv = await loadConfig({
      file,
      cwd: dir,
      env: { XMARGIN_ADMIN_KEY: 'from-the-env-0123456789' },
    })
    expect(fromEnv.api.adminKey).toBe('from-the-env-0123456789')
  })
})

describe('what a loaded config gives the indexer', () => {
  it('configChainSettings() carries the RPC URLs, the WebSocket, finality and the start block per chain', async () => {
    const file = writeConfig('settings', 'x.config.ts', '@xmargin/cli', `{ chains: ${chains} }`)
    const settings = configChainSettings(await loadConfig({ file, cwd: dir }))
    expect(settings).toEqual([
      expect.objectContaining({
        chainId: 1,
        rpcUrls: ['https://eth.example/v2/key'],
        webSocketUrl: 'wss://eth.example/v2/key',
        startBlock: undefined,
      }),
      expect.objectContaining({
        chainId: 8453,
        rpcUrls: ['https://base.example', 'https://base2.example'],
        webSocketUrl: undefined,
        startBlock: 7n,
      }),
    ])
  })

  it('describeConfig() prints the fields, then each chain with its WebSocket origin only (no key from the path)', async () => {
    const file = writeConfig('describe', 'x.config.ts', '@xmargin/cli', `{ chains: ${chains} }`)
    const config = await loadConfig({ file, cwd: dir })
    const text = describeConfig({ config, fields: [['database', databaseLabel(config.database)]] })
    expect(text.split('\n').slice(0, 3)).toEqual([
      `${file}: valid`,
      `  database  ${databaseLabel(config.database)}`,
      '  chains',
    ])
    expect(text).toMatch(
      /ethereum \(1\): 1 RPC URL\(s\), .*heads by WebSocket \(wss:\/\/eth\.example; polling as fallback\)$/m,
    )
    expect(text).toMatch(/base \(8453\): 2 RPC URL\(s\), .*venues: wallet only, heads by polling$/m)
    expect(text).not.toContain('/v2/key')
  })
})
