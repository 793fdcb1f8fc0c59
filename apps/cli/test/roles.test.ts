import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-roles-'))
const CONFIG = 'xmargin.config.ts'
beforeAll(async () => {
  const init = await runCli(['init', CONFIG], { cwd: dir })
  expect(init.code, init.stderr).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const dryRun = (args: readonly string[]) =>
  runCli(['start', '--config', CONFIG, '--dry-run', ...args], { cwd: dir })

describe('xmargin start --role (issue 17)', () => {
  it('--role indexer --chains runs the indexer alone over those chains, as a hot standby', async () => {
    const dry = await dryRun(['--role', 'indexer', '--chains', '42161,1'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('role      indexer (hot standby while another indexer writes a chain)')
    expect(dry.stdout).toContain('indexes   1, 42161')
    // The API's lines are not there, and the chains are only the ones picked.
    expect(dry.stdout).not.toContain('  api ')
    expect(dry.stdout).toContain('ethereum (1)')
    expect(dry.stdout).toContain('arbitrum (42161)')
    expect(dry.stdout).not.toContain('base (8453)')
  })

  it('--role api serves every chain of the config and runs no indexer', async () => {
    const dry = await dryRun(['--role', 'api'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toContain('role      api\n')
    expect(dry.stdout).toMatch(/ {2}api {7}http:\/\/127\.0\.0\.1:4000\/graphql/)
    expect(dry.stdout).toContain('base (8453)')
    const both = await dryRun([])
    expect(both.code, both.stderr).toBe(0)
    expect(both.stdout).not.toContain('role ')
  })

  it('an unknown role, a chain id the config lacks, or --chains with the API alone: exit 2 naming the valid ones', async () => {
    const role = await dryRun(['--role', 'writer'])
    expect(role.code).toBe(2)
    expect(role.stderr).toContain("argument 'writer' is invalid. Allowed choices are indexer, api.")
    const chain = await dryRun(['--role', 'indexer', '--chains', '1,10'])
    expect(chain.code).toBe(2)
    expect(chain.stderr.split('\n')[0]).toBe(
      'xmargin: --chains 10: not a chain of the config (configured: 1 ethereum, 42161 arbitrum, 8453 base).',
    )
    const notId = await dryRun(['--role', 'indexer', '--chains', '1,x'])
    expect(notId.code).toBe(2)
    expect(notId.stderr).toContain('"x" is not a chain id')
    const api = await dryRun(['--role', 'api', '--chains', '1'])
    expect(api.code).toBe(2)
    expect(api.stderr.split('\n')[0]).toBe(
      'xmargin: --chains picks the chains an indexer writes; --role api serves every chain of the config.',
    )
    const both = await dryRun(['--chains', '1'])
    expect(both.code).toBe(2)
    expect(both.stderr.split('\n')[0]).toBe(
      'xmargin: --chains needs --role indexer: an API in the same process serves every chain of the config.',
    )
    const index = await runCli(['index', '--config', CONFIG, '--dry-run', '--chains', '8453'], { cwd: dir })
    expect(index.code, index.stderr).toBe(0)
    expect(index.stdout).toContain('indexes   8453')
  })
})
