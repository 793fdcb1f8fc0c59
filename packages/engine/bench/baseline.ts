/**
 * Loads a previous version of the engine from git (default: the last commit before the hot-path
 * rewrite) so that the benchmark can measure it in the same process and report same-run ratios.
 * The sources are extracted to `packages/engine/.baseline/<ref>/` (git-ignored); nothing is copied
 * into the package.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { computeMargin } from '../src/compute-margin.js'

/** The engine before the hot-path rewrite (`a650301`, "engine: benchmark script; …"). */
export const DEFAULT_BASELINE_REF = 'a650301'

/** The baseline's `computeMargin`, typed as today's (its parameters and report are the same). */
export type BaselineEngine = { ref: string; computeMargin: typeof computeMargin }

/**
 * Extracts `packages/engine/src` at `ref` and imports its `computeMargin`; `undefined` (with a
 * printed reason) when git or the ref is not available.
 *
 * @example
 * const baseline = await loadBaseline(process.env.BENCH_BASELINE ?? DEFAULT_BASELINE_REF)
 */
export async function loadBaseline(ref: string): Promise<BaselineEngine | undefined> {
  const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
  const target = join(packageDir, '.baseline', ref)
  try {
    if (!existsSync(join(target, 'src', 'compute-margin.ts'))) {
      mkdirSync(target, { recursive: true })
      const archive = execFileSync('git', ['archive', ref, '--', 'src'], { cwd: packageDir })
      execFileSync('tar', ['-x', '-C', target], { input: archive })
    }
    const module = (await import(join(target, 'src', 'compute-margin.ts'))) as {
      computeMargin: typeof computeMargin
    }
    return { ref, computeMargin: module.computeMargin }
  } catch (error) {
    console.log(`baseline ${ref} unavailable: ${(error as Error).message.split('\n')[0]}`)
    return undefined
  }
}
