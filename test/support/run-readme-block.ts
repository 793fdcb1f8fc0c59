import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { compareOutput } from './compare-output.js'
import { postGraphql, runShell } from './processes.js'
import { commandExamples, type FencedBlock, readFencedBlocks, shellCommands } from './readme.js'

/** Where the README's examples run: a checkout with `xmargin dev` running in it. */
export type ReadmeContext = {
  cwd: string
  env: NodeJS.ProcessEnv
  graphqlUrl: string
  devStdout: string
}

/**
 * Blocks that are not commands or queries, each with the reason it is not executed. Any other block
 * must have a runner below: a README example that nothing runs fails this suite.
 */
const notExecuted: { heading: string; lang: string; why: string }[] = [
  { heading: 'What `dev` starts and prints', lang: '', why: 'the banner: checked by the quick-start test' },
  { heading: 'Architecture', lang: '', why: 'a diagram' },
  { heading: 'Layout', lang: '', why: 'a folder map' },
  {
    heading: 'Calibration, backtests and margin history',
    lang: 'ts',
    why: 'the `margin` section of a config; the format is tested in packages/config (margin-settings.test.ts)',
  },
  {
    heading: 'Config reference (`xmargin.config.ts`)',
    lang: 'ts',
    why: 'the shape of the config with values elided (…); the format is tested in packages/config',
  },
  { heading: 'Running on many machines', lang: '', why: 'a diagram' },
  {
    heading: 'Running on many machines',
    lang: 'sh',
    why: 'long-running processes over a PostgreSQL database: apps/cli/test/roles-postgres.test.ts runs them',
  },
  {
    heading: 'Testing with the devnet from another package',
    lang: 'ts',
    why: "a package's vitest setup; every devnet-backed package's vitest config runs exactly this",
  },
]

const crossChainWallet = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

/** Time one README command may take on a busy machine: spawning pnpm and a CLI dominates it. */
const perCommandMs = 60_000

/**
 * The time budget of a README block's test: a minute per command it runs (a block of seven
 * `pnpm shock`/`stale` lines runs seven CLI processes one after another), and no less than the
 * suite's default for one test.
 *
 * @example
 * readmeBlockTimeout(block) // 420_000 for a block of seven commands
 */
export function readmeBlockTimeout(block: FencedBlock): number {
  const commands =
    commandExamples(block.text).length || (block.lang === 'sh' ? shellCommands(block.text).length : 1)
  return Math.max(120_000, commands * perCommandMs)
}

/**
 * Declares the test of one README block: `runReadmeBlock` against the context `context()` gives when
 * the test runs (the `dev` a `beforeAll` started), within the block's {@link readmeBlockTimeout}.
 *
 * @example
 * for (const block of blocks) testReadmeBlock(`README line ${block.line}`, block, () => ({ cwd, env, graphqlUrl: url(), devStdout: dev().stdout() }))
 */
export function testReadmeBlock(title: string, block: FencedBlock, context: () => ReadmeContext): void {
  it(title, () => runReadmeBlock(block, context()), readmeBlockTimeout(block))
}

/**
 * Runs one README block against the running devnet and checks what it prints against what the
 * README shows: `$ command` blocks by their output, GraphQL blocks by an error-free answer with every
 * requested root field, shell blocks by their exit code and effect, the attestation snippet by
 * verifying a real attestation.
 *
 * @example
 * await runReadmeBlock(block, { cwd: clone, env, graphqlUrl, devStdout })
 */
export async function runReadmeBlock(block: FencedBlock, context: ReadmeContext): Promise<void> {
  const skipped = notExecuted.find((entry) => entry.heading === block.heading && entry.lang === block.lang)
  if (skipped) {
    expect(skipped.why.length).toBeGreaterThan(0)
    return
  }
  const examples = commandExamples(block.text)
  if (examples.length > 0) {
    for (const example of examples) await runCommandExample(example.command, example.output, context)
    return
  }
  if (block.lang === 'graphql') return runGraphqlExample(block.text, context)
  if (block.lang === 'ts' && block.text.includes('verifyTypedData'))
    return runVerifyExample(block.text, context)
  if (block.lang === 'sh') return runShellBlock(block.text, context)
  throw new Error(
    `README line ${block.line} ("${block.heading}", ${block.lang || 'text'}): no runner executes this block; ` +
      'give it one in test/support/run-readme-block.ts or list it under notExecuted with the reason',
  )
}

async function runCommandExample(command: string, expected: string, context: ReadmeContext) {
  const result = await runShell(command, context)
  expect(result.code, `${command}\n--- stderr\n${result.stderr}`).toBe(0)
  const problems = compareOutput({ expected, actual: withoutPnpmHeader(result.stdout), isVolatile })
  expect(problems, `${command}: its output drifted from the README`).toEqual([])
}

/** pnpm prints `> xmargin@ xmargin /path` and the script line before a script's own output. */
function withoutPnpmHeader(stdout: string): string {
  const lines = stdout.split('\n')
  while (lines.length > 0 && (lines[0]!.startsWith('> ') || lines[0]!.trim() === '')) lines.shift()
  return lines.join('\n')
}

/**
 * Ages, block heights and lags change run to run: the freshness table, the prices' age line and the
 * blocks the parameter set was read as of.
 */
function isVolatile(line: string, index: number, lines: readonly string[]): boolean {
  if (line.startsWith('Prices: ') || line.startsWith('Parameter set ')) return true
  for (let i = index; i >= 0; i--) {
    const title = lines[i]!
    if (/^[│┌└├]/.test(title)) continue
    return title.startsWith('Freshness')
  }
  return false
}

async function runGraphqlExample(query: string, context: ReadmeContext) {
  const body = await postGraphql(context.graphqlUrl, query)
  expect(body.errors, query).toBeUndefined()
  const roots = [...query.matchAll(/^ {2}(\w+)[\s(]/gm)].map((m) => m[1]!)
  expect(roots.length).toBeGreaterThan(0)
  for (const root of roots) expect(body.data?.[root], `${root} answered null`).not.toBeNull()
}

/**
 * The README's viem snippet, run as a user would paste it: `response` is the answer to the README's
 * own solvency example, fetched from the running API.
 */
async function runVerifyExample(snippet: string, context: ReadmeContext) {
  const solvency = readFencedBlocks(join(context.cwd, 'README.md')).find(
    (block) => block.lang === 'graphql' && block.text.includes('solvency('),
  )
  expect(solvency, 'the README has a solvency example').toBeDefined()
  // The snippet pins the deployment's signer (`const signer = '0x3a9C…'`): as a user would, paste
  // the one this dev printed in its banner.
  const printed = /^\s+signer\s+(0x[0-9a-fA-F]{40})\b/m.exec(context.devStdout)?.[1]
  expect(printed, 'the dev banner prints the attestation signer').toBeDefined()
  expect(snippet, 'the README pins the signer (const signer = …)').toMatch(/^const signer = '[^']*'$/m)
  const pinned = snippet.replace(/^const signer = '[^']*'$/m, `const signer = '${printed}'`)
  const file = join(context.cwd, 'apps', 'api', 'readme-verify-example.mjs')
  const program = [
    `const response = await fetch(${JSON.stringify(context.graphqlUrl)}, {`,
    `  method: 'POST', headers: { 'content-type': 'application/json' },`,
    `  body: JSON.stringify({ query: ${JSON.stringify(solvency!.text)} }),`,
    '})',
    pinned,
    'console.log(JSON.stringify({ ok }))',
  ].join('\n')
  writeFileSync(file, program)
  try {
    const result = await runShell(`node ${file}`, context)
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.trim()).toBe('{"ok":true}')
  } finally {
    rmSync(file, { force: true })
  }
}

async function runShellBlock(text: string, context: ReadmeContext) {
  for (const command of shellCommands(text)) {
    const before = await equityOf(crossChainWallet, context)
    const result = await runShell(command, context)
    expect(result.code, `${command}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`).toBe(0)
    const price = /^pnpm shock WETH --price (\d+)$/.exec(command)
    if (price || command === 'pnpm shock --reset') {
      // Every chain's WETH feed moves: once indexed, each of the wallet's ETH positions is marked there.
      const expected = `${price?.[1] ?? '3000'}.00`
      await expect
        .poll(() => ethPricesOf(crossChainWallet, context), { timeout: 20_000, interval: 250 })
        .toEqual([expected])
    }
    const shock = /^pnpm shock (WETH|ETH) (-?\d+)%$/.exec(command)
    if (shock) {
      // The cross-chain wallet is net long ETH: a WETH drop lowers its equity once the shocked
      // block is indexed.
      const down = Number(shock[2]) < 0
      await expect
        .poll(() => equityOf(crossChainWallet, context), { timeout: 20_000, interval: 250 })
        .toSatisfy((after: number) => (down ? after < before : after > before))
    }
  }
}

/** The distinct prices of a wallet's ETH positions across chains. */
async function ethPricesOf(address: string, context: ReadmeContext): Promise<string[]> {
  const body = await postGraphql(
    context.graphqlUrl,
    `{ margin(addresses: ["${address}"]) { positions { factor price } } }`,
  )
  const margin = body.data?.margin as { positions: { factor: string; price: string }[] } | undefined
  return [...new Set((margin?.positions ?? []).filter((p) => p.factor === 'ETH').map((p) => p.price))]
}

async function equityOf(address: string, context: ReadmeContext): Promise<number> {
  const body = await postGraphql(context.graphqlUrl, `{ margin(addresses: ["${address}"]) { equity } }`)
  const margin = body.data?.margin as { equity: string } | undefined
  return Number(margin?.equity)
}
