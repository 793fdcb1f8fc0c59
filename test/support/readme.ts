import { readFileSync } from 'node:fs'

/** One fenced code block of a Markdown file. */
/**
 * The README section whose examples need `xmargin dev --cascade-wallets`: run by
 * test/e2e/cascade.test.ts, left out by the quick-start test (its devnet has no cascade wallets).
 */
export const CASCADE_README_HEADING = 'Liquidation cascades (`xmargin cascade`)'

export type FencedBlock = {
  /** The info string after the opening fence (`sh`, `graphql`, `ts`, or ''). */
  lang: string
  /** The block's text, without the fences. */
  text: string
  /** 1-based line of the opening fence, for messages. */
  line: number
  /** The nearest heading above the block. */
  heading: string
}

/**
 * Every fenced block of a Markdown file, in order.
 *
 * @example
 * const blocks = readFencedBlocks('README.md') // [{ lang: 'sh', text: 'git clone …', line: 15, heading: 'Quick start' }, …]
 */
export function readFencedBlocks(path: string): FencedBlock[] {
  return parseFencedBlocks(readFileSync(path, 'utf8'))
}

/**
 * Every fenced block of a Markdown text, in order.
 *
 * @example
 * parseFencedBlocks('# A\n```sh\nls\n```\n') // [{ lang: 'sh', text: 'ls', line: 2, heading: 'A' }]
 */
export function parseFencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = []
  const lines = markdown.split('\n')
  let heading = ''
  let open: { lang: string; line: number; body: string[] } | undefined
  lines.forEach((line, index) => {
    if (open) {
      if (line.startsWith('```')) {
        blocks.push({ lang: open.lang, text: open.body.join('\n'), line: open.line, heading })
        open = undefined
      } else open.body.push(line)
      return
    }
    if (line.startsWith('```')) open = { lang: line.slice(3).trim(), line: index + 1, body: [] }
    else if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '')
  })
  if (open) throw new Error(`unclosed code fence at line ${open.line}`)
  return blocks
}

/** A `$ command` line of a block and the output shown under it. */
export type CommandExample = { command: string; output: string }

/**
 * The `$ command` / output pairs of a block; empty when the block has no `$ ` line.
 *
 * @example
 * commandExamples('$ echo hi\nhi') // [{ command: 'echo hi', output: 'hi' }]
 */
export function commandExamples(text: string): CommandExample[] {
  const examples: CommandExample[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('$ ')) examples.push({ command: line.slice(2), output: '' })
    else {
      const last = examples.at(-1)
      if (last) last.output += (last.output ? '\n' : '') + line
    }
  }
  return examples.map((example) => ({ ...example, output: example.output.replace(/\n+$/, '') }))
}

/**
 * The commands of a plain shell block (no `$ ` prompts): one per line, comments and blank lines
 * dropped.
 *
 * @example
 * shellCommands('pnpm shock WETH -20%   # WETH −20%') // ['pnpm shock WETH -20%']
 */
export function shellCommands(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}
