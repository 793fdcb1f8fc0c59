import { describe, expect, it } from 'vitest'
import { commandExamples, parseFencedBlocks, shellCommands } from './readme.js'

describe('README parsing', () => {
  it('parseFencedBlocks() returns each block with its language, line and heading', () => {
    const blocks = parseFencedBlocks('# Top\ntext\n## Quick start\n```sh\nls\npwd\n```\n```\nplain\n```\n')
    expect(blocks).toEqual([
      { lang: 'sh', text: 'ls\npwd', line: 4, heading: 'Quick start' },
      { lang: '', text: 'plain', line: 8, heading: 'Quick start' },
    ])
  })

  it('parseFencedBlocks() refuses an unclosed fence', () => {
    expect(() => parseFencedBlocks('```sh\nls\n')).toThrow(/unclosed code fence at line 1/)
  })

  it('commandExamples() pairs each $ line with the output under it', () => {
    expect(commandExamples('$ a\none\ntwo\n\n$ b\nthree\n')).toEqual([
      { command: 'a', output: 'one\ntwo' },
      { command: 'b', output: 'three' },
    ])
    expect(commandExamples('no prompt here')).toEqual([])
  })

  it('shellCommands() drops comments and blank lines', () => {
    expect(
      shellCommands('pnpm shock WETH -20%   # note\n\n# only a comment\npnpm stale WETH --resume'),
    ).toEqual(['pnpm shock WETH -20%', 'pnpm stale WETH --resume'])
  })
})
