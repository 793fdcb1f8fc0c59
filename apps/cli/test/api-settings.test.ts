import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { privateKeyToAddress } from 'viem/accounts'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-api-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const chains = "{ ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [] } }"
/** Writes a config file with these extra top-level keys and returns its name. */
function writeConfig(name: string, extra = ''): string {
  writeFileSync(
    join(dir, name),
    `import { defineConfig } from '@xmargin/cli'\n\nexport default defineConfig({ chains: ${chains}${extra ? `, ${extra}` : ''} })\n`,
  )
  return name
}
const env = { XMARGIN_ADMIN_KEY: '', XMARGIN_ATTESTATION_KEY: '' }
const someKey = `0x${'11'.repeat(32)}`
const publishedKey = `0x${'22'.repeat(32)}` as const

describe('API settings checked at start (and by --dry-run)', () => {
  it('XMARGIN_ADMIN_KEY=a stops serve/start with exit 3, held to the rule of api.adminKey', async () => {
    const file = writeConfig('plain.config.ts')
    const result = await runCli(['start', '--config', file, '--dry-run'], {
      cwd: dir,
      env: { ...env, XMARGIN_ADMIN_KEY: 'a' },
    })
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n')[0]).toBe(
      'xmargin: plain.config.ts: XMARGIN_ADMIN_KEY (environment): must be at least 16 characters (got 1)',
    )
  })

  it('XMARGIN_ADMIN_KEY=a stops dev with exit 3 before any chain starts', async () => {
    const result = await runCli(['dev', '--port', '0', '--rpc-ports', '1,2,3'], {
      cwd: dir,
      env: { ...env, XMARGIN_ADMIN_KEY: 'a' },
    })
    expect(result.code).toBe(3)
    expect(result.stderr.split('\n')[0]).toBe(
      'xmargin: XMARGIN_ADMIN_KEY must be at least 16 characters (got 1).',
    )
  })

  it('--dry-run prints CORS, introspection and persisted-only mode, with the operations file checked', async () => {
    const document = '{ chains { chainId } }'
    const id = createHash('sha256').update(document).digest('hex')
    writeFileSync(join(dir, 'ops.json'), JSON.stringify({ [id]: document }))
    const file = writeConfig(
      'api.config.ts',
      "api: { cors: ['https://app.example'], persistedOperations: { file: 'ops.json' } }",
    )
    const dry = await runCli(['serve', '--config', file, '--dry-run', '--persisted-only'], { cwd: dir, env })
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(
      /access\s+cors https:\/\/app\.example; introspection off; 1 persisted operations only$/m,
    )
    writeFileSync(join(dir, 'bad-ops.json'), JSON.stringify({ ['0'.repeat(64)]: document }))
    const bad = await runCli(
      ['serve', '--config', file, '--dry-run', '--persisted-operations', join(dir, 'bad-ops.json')],
      { cwd: dir, env },
    )
    expect(bad.code).toBe(3)
    expect(bad.stderr).toContain(`id ${'0'.repeat(64)} is not the sha256 of its document (${id})`)
    const none = await runCli(
      ['serve', '--config', writeConfig('none.config.ts'), '--dry-run', '--persisted-only'],
      {
        cwd: dir,
        env,
      },
    )
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--persisted-only needs persisted operations')
  })

  it('signing needs attestation.deploymentId, and a published signer needs its own key', async () => {
    const noId = await runCli(['start', '--config', writeConfig('no-id.config.ts'), '--dry-run'], {
      cwd: dir,
      env: { ...env, XMARGIN_ATTESTATION_KEY: someKey },
    })
    expect(noId.code).toBe(3)
    expect(noId.stderr).toContain('XMARGIN_ATTESTATION_KEY is set but attestation.deploymentId is not')

    const published = privateKeyToAddress(publishedKey)
    const file = writeConfig(
      'signer.config.ts',
      `attestation: { deploymentId: 'acme-mainnet', signer: '${published}' }`,
    )
    const wrongKey = await runCli(['start', '--config', file, '--dry-run'], {
      cwd: dir,
      env: { ...env, XMARGIN_ATTESTATION_KEY: someKey },
    })
    expect(wrongKey.code).toBe(3)
    expect(wrongKey.stderr).toContain(`not as the published signer ${published}`)
    const rightKey = await runCli(['start', '--config', file, '--dry-run'], {
      cwd: dir,
      env: { ...env, XMARGIN_ATTESTATION_KEY: publishedKey },
    })
    expect(rightKey.code, rightKey.stderr).toBe(0)
    expect(rightKey.stdout).toContain(`domain xmargin/acme-mainnet; published signer ${published}`)
  })
})
