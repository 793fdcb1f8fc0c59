import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { type GroupProcess, startGroup } from './processes.js'

/** This repository's root: what the end-to-end tests clone (its committed HEAD). */
export const repoRoot = execFileSync('git', ['rev-parse', '--show-toplevel'], {
  cwd: dirname(fileURLToPath(import.meta.url)),
  encoding: 'utf8',
}).trim()

/** The environment of a user's shell: this test runner's own variables left out. */
export const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(VITEST|NODE_ENV|TURBO_HASH|npm_|PNPM_SCRIPT|INIT_CWD)/.test(key) && key !== 'TEST',
  ),
)

/** A fresh clone running `bash scripts/run.sh dev`, as {@link useCloneDev} gives it to the tests. */
export type CloneDev = {
  /** The clone's directory. */
  clone: string
  /** The running `dev` (its process group). */
  dev: () => GroupProcess
  /** The GraphQL address its banner printed. */
  graphqlUrl: () => string
}

/**
 * Per test file, the user's path from `git clone` on: clones this repository into a temp folder,
 * starts `bash scripts/run.sh dev --port 0 --rpc-ports 0,0,0 [...devArgs]` there with the user's
 * environment, and waits for the banner (the first run installs and builds: up to 9 minutes). After
 * the file's tests, the dev group is killed and the folder removed.
 *
 * @example
 * const { clone, dev, graphqlUrl } = useCloneDev({ prefix: 'xmargin-cascade-', devArgs: ['--cascade-wallets'] })
 */
export function useCloneDev(options: { prefix: string; devArgs?: readonly string[] }): CloneDev {
  const work = mkdtempSync(join(tmpdir(), options.prefix))
  const clone = join(work, 'xmargin')
  let dev: GroupProcess | undefined
  let graphqlUrl: string | undefined
  beforeAll(async () => {
    execFileSync('git', ['clone', '--quiet', repoRoot, clone])
    dev = startGroup(
      'bash',
      ['scripts/run.sh', 'dev', '--port', '0', '--rpc-ports', '0,0,0', ...(options.devArgs ?? [])],
      { cwd: clone, env: userEnv },
    )
    const ready = await dev.waitForStdout(/GraphQL\s+(http:\/\/\S+\/graphql)[\s\S]*Ctrl-C stops/, 540_000)
    graphqlUrl = ready[1]!
  })
  afterAll(async () => {
    await dev?.stop('SIGKILL')
    rmSync(work, { recursive: true, force: true })
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useCloneDev: dev starts in beforeAll; read it inside a test')
    return value
  }
  return { clone, dev: () => started(dev), graphqlUrl: () => started(graphqlUrl) }
}
