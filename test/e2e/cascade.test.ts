import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GroupProcess, startGroup } from '../support/processes.js'
import { CASCADE_README_HEADING, readFencedBlocks } from '../support/readme.js'
import { runReadmeBlock } from '../support/run-readme-block.js'

/**
 * The README's "Liquidation cascades" section, as a user runs it: a fresh clone of this repository
 * (its committed HEAD), `xmargin dev --cascade-wallets` on ports the OS picks (0), then every block of the
 * section against it (the `xmargin cascade` table compared with the README's, the GraphQL example
 * answered without errors). The quick-start test leaves this section to this file: its devnet has
 * no cascade wallets.
 */

const repoRoot = execFileSync('git', ['rev-parse', '--show-toplevel'], {
  cwd: dirname(fileURLToPath(import.meta.url)),
  encoding: 'utf8',
}).trim()
const blocks = readFencedBlocks(join(repoRoot, 'README.md')).filter(
  (b) => b.heading === CASCADE_README_HEADING,
)
const work = mkdtempSync(join(tmpdir(), 'xmargin-cascade-'))
const clone = join(work, 'xmargin')
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(VITEST|NODE_ENV|TURBO_HASH|npm_|PNPM_SCRIPT|INIT_CWD)/.test(key) && key !== 'TEST',
  ),
)

let dev: GroupProcess
let graphqlUrl: string

beforeAll(async () => {
  execFileSync('git', ['clone', '--quiet', repoRoot, clone])
  dev = startGroup(
    'bash',
    ['scripts/run.sh', 'dev', '--port', '0', '--rpc-ports', '0,0,0', '--cascade-wallets'],
    { cwd: clone, env: userEnv },
  )
  const ready = await dev.waitForStdout(/GraphQL\s+(http:\/\/\S+\/graphql)[\s\S]*Ctrl-C stops/, 540_000)
  graphqlUrl = ready[1]!
})

afterAll(async () => {
  await dev?.stop('SIGKILL')
  rmSync(work, { recursive: true, force: true })
})

describe('the README cascade section, on `xmargin dev --cascade-wallets`', () => {
  it('has a `$ pnpm xmargin cascade` example and a GraphQL example', () => {
    expect(blocks.some((b) => b.text.startsWith('$ pnpm xmargin cascade'))).toBe(true)
    expect(blocks.some((b) => b.lang === 'graphql' && b.text.includes('coverTwo('))).toBe(true)
  })

  it('prints that the banner tracks the cascade wallets', () => {
    expect(dev.stdout()).toContain('and 36 cascade wallets (tracked; listed in the manifest)')
  })

  for (const block of blocks)
    it(`README line ${block.line} (${block.lang || 'text'})`, async () => {
      await runReadmeBlock(block, { cwd: clone, env: userEnv, graphqlUrl, devStdout: dev.stdout() })
    })
})
