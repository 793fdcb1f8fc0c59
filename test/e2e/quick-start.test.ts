import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, useCloneDev, userEnv } from '../support/clone-dev.js'
import { compareOutput } from '../support/compare-output.js'
import { postGraphql } from '../support/processes.js'
import { CASCADE_README_HEADING, type FencedBlock, readFencedBlocks } from '../support/readme.js'
import { testReadmeBlock } from '../support/run-readme-block.js'

/**
 * The user's path, from `git clone` on: the README's quick start in a fresh clone of this
 * repository (its committed HEAD), then every README example against the `xmargin dev` it started.
 * Ports are the OS's picks (`--port 0 --rpc-ports 0,0,0`, as the README says), never a developer's
 * 4000/8545, and read back from the banner.
 */

const blocks = readFencedBlocks(join(repoRoot, 'README.md'))
const { clone, dev, graphqlUrl } = useCloneDev({ prefix: 'xmargin-quick-start-' })

const quickStart = blocks.find((b) => b.heading === 'Quick start' && b.lang === 'sh')

describe('the README quick start, from git clone', () => {
  it('is the three commands this test runs', () => {
    expect(quickStart?.text.split('\n')).toEqual([
      'git clone <this repo> xmargin && cd xmargin',
      'bash scripts/run.sh dev',
      'bash scripts/run.sh test',
    ])
  })

  it('prints the banner the README shows, then serves a margin query', async () => {
    const banner = blocks.find((b) => b.heading === 'What `dev` starts and prints' && b.lang === '')
    expect(banner, 'the README shows the dev banner').toBeDefined()
    expectBannerLines(banner!, dev().stdout())

    const body = await postGraphql(
      graphqlUrl(),
      '{ margin(addresses: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]) { status equity positions { kind } } }',
    )
    expect(body.errors).toBeUndefined()
    const margin = body.data?.margin as { status: string; equity: string; positions: unknown[] }
    expect(margin.status).toBe('HEALTHY')
    expect(Number(margin.equity)).toBeGreaterThan(50_000)
    expect(margin.positions.length).toBeGreaterThan(5)
  })
})

describe('every README example, against the devnet the quick start started', () => {
  // The cascade section needs the cascade wallets: test/e2e/cascade.test.ts runs it on its own devnet.
  const runnable = blocks.filter((block) => block !== quickStart && block.heading !== CASCADE_README_HEADING)
  for (const block of runnable) {
    testReadmeBlock(
      `README line ${block.line} (${block.lang || 'text'} under "${block.heading}")`,
      block,
      () => ({
        cwd: clone,
        env: userEnv,
        graphqlUrl: graphqlUrl(),
        devStdout: dev().stdout(),
      }),
    )
  }
})

describe('stopping the quick start', () => {
  it('Ctrl-C stops the devnet, the indexer and the API and removes the manifest', async () => {
    expect(existsSync(join(clone, '.xmargin', 'devnet.json'))).toBe(true)
    // A terminal's Ctrl-C reaches the whole foreground group: pnpm ends on the signal itself,
    // xmargin stops its services and every anvil, and the group is empty within the stop budget
    // (past it, stop() sends SIGKILL and the manifest would still be there).
    const exit = await dev().stop('SIGINT')
    expect(exit.code === 0 || exit.signal === 'SIGINT').toBe(true)
    expect(existsSync(join(clone, '.xmargin', 'devnet.json'))).toBe(false)
  })
})

/**
 * Each line of the README's banner appears in what `dev` printed, in order, numbers aside (ports,
 * block heights and timings differ run to run) and with the README's paths read as this clone's.
 * Lines the README cuts with `…` and the progress bars (stderr when not a terminal) are left out.
 */
function expectBannerLines(banner: FencedBlock, stdout: string) {
  const normalise = (line: string) =>
    line
      .replaceAll(clone, '<root>')
      .replace(/\/\S*\/(\.xmargin\/)/g, '<root>/$1')
      .replace(/:\d+(\/|\s|$)/g, ':<port>$1')
  const actual = stdout.split('\n').map(normalise)
  const wanted = banner.text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.includes('…') && !line.includes('█'))
    .map(normalise)
  let from = 0
  for (const line of wanted) {
    const index = actual.findIndex(
      (candidate, i) =>
        i >= from &&
        compareOutput({ expected: line, actual: candidate, isVolatile: () => true }).length === 0,
    )
    expect(
      index,
      `banner line not printed (in order): ${line}\n--- stdout\n${stdout}`,
    ).toBeGreaterThanOrEqual(0)
    from = index + 1
  }
}
