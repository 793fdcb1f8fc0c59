import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, inject, test } from 'vitest'
import { writeManifest } from '../src/manifest.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const manifestFolder = mkdtempSync(join(tmpdir(), 'xmargin-shock-'))
afterAll(() => rmSync(manifestFolder, { recursive: true, force: true }))
const manifestPath = join(manifestFolder, 'devnet.json')
writeManifest(manifest, manifestPath)

/** Runs `pnpm shock …` as the root script does: `tsx src/cli.ts shock …` in this package. */
async function shock(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'shock', ...args, '--manifest', manifestPath],
      { cwd: join(import.meta.dirname, '..') },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('pnpm shock (as a process)', () => {
  test('WETH --price 2500 sets 2,500 on every chain; --reset puts it back to 3,000', async () => {
    const set = await shock('WETH', '--price', '2500')
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout.trim().split('\n').sort()).toEqual([
      'chain 1: WETH 3000 -> 2500 USD',
      'chain 42161: WETH 3000 -> 2500 USD',
      'chain 8453: WETH 3000 -> 2500 USD',
    ])
    const reset = await shock('--reset')
    expect(reset.code, reset.stderr).toBe(0)
    expect(reset.stdout.trim().split('\n').sort()).toEqual([
      'chain 1: WETH 2500 -> 3000 USD',
      'chain 42161: WETH 2500 -> 3000 USD',
      'chain 8453: WETH 2500 -> 3000 USD',
    ])
    const again = await shock('--reset')
    expect(again.stdout.trim()).toBe('nothing to change: every feed is already at that price')
  })

  test('WETH -20% still works (a negative percentage is not an option)', async () => {
    const result = await shock('WETH', '-20%')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('chain 1: WETH 3000 -> 2400 USD')
  })

  test('bad usage exits 2 naming the forms; an unknown token exits 1 naming the known ones', async () => {
    for (const args of [['WETH'], ['WETH', '-20%', '--price', '2500'], ['--price', '2500']]) {
      const result = await shock(...args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toContain(
        'give one of <asset> <percent>, <asset> --price <usd> or --reset [asset]',
      )
    }
    const unknown = await shock('DOGE', '--price', '1')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Known tokens: WETH, WBTC, USDC, USDT, wstETH')
  })
})
