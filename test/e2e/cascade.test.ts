import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot, useCloneDev, userEnv } from '../support/clone-dev.js'
import { CASCADE_README_HEADING, readFencedBlocks } from '../support/readme.js'
import { testReadmeBlock } from '../support/run-readme-block.js'

/**
 * The README's "Liquidation cascades" section, as a user runs it: a fresh clone of this repository
 * (its committed HEAD), `xmargin dev --cascade-wallets` on ports the OS picks (0), then every block of the
 * section against it (the `xmargin cascade` table compared with the README's, the GraphQL example
 * answered without errors). The quick-start test leaves this section to this file: its devnet has
 * no cascade wallets.
 */

const blocks = readFencedBlocks(join(repoRoot, 'README.md')).filter(
  (b) => b.heading === CASCADE_README_HEADING,
)
const { clone, dev, graphqlUrl } = useCloneDev({ prefix: 'xmargin-cascade-', devArgs: ['--cascade-wallets'] })

describe('the README cascade section, on `xmargin dev --cascade-wallets`', () => {
  it('has a `$ pnpm xmargin cascade` example and a GraphQL example', () => {
    expect(blocks.some((b) => b.text.startsWith('$ pnpm xmargin cascade'))).toBe(true)
    expect(blocks.some((b) => b.lang === 'graphql' && b.text.includes('coverTwo('))).toBe(true)
  })

  it('prints that the banner tracks the cascade wallets', () => {
    expect(dev().stdout()).toContain('and 36 cascade wallets (tracked; listed in the manifest)')
  })

  for (const block of blocks)
    testReadmeBlock(`README line ${block.line} (${block.lang || 'text'})`, block, () => ({
      cwd: clone,
      env: userEnv,
      graphqlUrl: graphqlUrl(),
      devStdout: dev().stdout(),
    }))
})
