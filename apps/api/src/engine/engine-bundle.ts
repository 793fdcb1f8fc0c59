import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { BaseError } from '@xmargin/core'
import * as esbuild from 'esbuild'

/** The worker module that is bundled: `runEngineTask` as its default export (what piscina calls). */
const engineWorkerEntry = fileURLToPath(new URL('./engine-worker.ts', import.meta.url))

/**
 * Where bundles are kept: the API package's `node_modules/.cache` (per checkout, ignored by git, and
 * gone with a fresh install).
 */
export const defaultEngineBundleDir = fileURLToPath(
  new URL('../../node_modules/.cache/xmargin-engine/', import.meta.url),
)

/** How a bundle is recorded beside it: what it was built from, so a change to any of it rebuilds. */
type BundleRecord = {
  format: typeof recordFormat
  /** The bundled module (absolute path). */
  entry: string
  esbuild: string
  /** sha256 of the workspace's pnpm-lock.yaml (a dependency re-resolved), or null without one. */
  lockfile: string | null
  /** Every file the bundle was built from (absolute paths, sorted). */
  inputs: string[]
  /** sha256 over each input's path and the exact bytes esbuild compiled. */
  digest: string
  /** The bundle's file name in the folder. */
  bundle: string
}
const recordFormat = 1
const recordName = 'engine-worker.json'

/**
 * The engine's worker module could not be bundled (a syntax error in the engine's sources, a missing
 * dependency): the API's worker threads cannot start without it.
 */
export class EngineBundleError extends BaseError {
  override name = 'EngineBundleError'
}

/**
 * The engine's worker module as one plain JavaScript file, built with esbuild from the workspace's
 * TypeScript sources and kept until one of them (or esbuild, or the lockfile) changes.
 *
 * A worker thread that loads the sources through tsx compiles and resolves ~950 modules through the
 * loader hooks: 1.4–1.8 s on a quiet 2-core machine, 8–10 s at load 13, for every new worker and
 * every worker that replaces a terminated one. The bundle loads in ~90 ms. Checking that a kept
 * bundle is current reads and hashes its inputs (~3 MB, ~80 ms); building one takes ~1.3 s.
 *
 * Several processes may ask at once: each writes under a unique name and renames into place, so a
 * reader sees a whole bundle or none. A bundle is touched whenever it is used; bundles of other
 * inputs (and temporary files of killed processes) untouched for a week are removed.
 *
 * @example
 * const file = await engineWorkerBundle() // file:///…/node_modules/.cache/xmargin-engine/engine-worker-1f2e….mjs
 * new Piscina({ filename: file.href })
 */
export async function engineWorkerBundle(
  parameters: {
    /** Where bundles are kept; default {@link defaultEngineBundleDir}. */
    dir?: string | undefined
    /** The module to bundle; default the engine's worker module (tests bundle their own). */
    entry?: string | undefined
  } = {},
): Promise<URL> {
  const dir = parameters.dir ?? defaultEngineBundleDir
  const entry = parameters.entry ?? engineWorkerEntry
  const lockfile = await lockfileDigest()
  const kept = await readRecord(dir)
  if (
    kept !== undefined &&
    kept.entry === entry &&
    kept.esbuild === esbuild.version &&
    kept.lockfile === lockfile &&
    (await digestOfFiles(kept.inputs)) === kept.digest
  ) {
    const file = join(dir, kept.bundle)
    // Touched, so that no other process removes it as unused while this one may start workers from it.
    const now = new Date()
    if (
      await utimes(file, now, now).then(
        () => true,
        () => false,
      )
    )
      return pathToFileURL(file)
  }
  return build(dir, entry, lockfile)
}

async function build(dir: string, entry: string, lockfile: string | null): Promise<URL> {
  // esbuild reads each input through this hook, so the digest is of the very bytes it compiled (a
  // file saved during the build cannot leave a stale bundle recorded as current).
  const loaded = new Map<string, Buffer>()
  const recordInputs: esbuild.Plugin = {
    name: 'xmargin-record-inputs',
    setup(builder) {
      builder.onLoad({ filter: /.*/ }, async (args) => {
        const contents = await readFile(args.path)
        loaded.set(args.path, contents)
        return { contents, loader: loaderOf(args.path) }
      })
    },
  }
  let output: Uint8Array
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Class and function names as in the sources (error names, stack traces).
      keepNames: true,
      // A CommonJS dependency's require() of a Node built-in, inside an ES module.
      banner: {
        js: "import { createRequire as __xmarginCreateRequire } from 'node:module'; const require = __xmarginCreateRequire(import.meta.url);",
      },
      write: false,
      logLevel: 'silent',
      plugins: [recordInputs],
    })
    const file = result.outputFiles[0]
    if (file === undefined) throw new Error('esbuild wrote no output file.')
    output = file.contents
  } catch (error) {
    const messages =
      error instanceof Error && 'errors' in error && Array.isArray(error.errors)
        ? (await esbuild.formatMessages(error.errors as esbuild.Message[], { kind: 'error' })).join('')
        : String(error)
    throw new EngineBundleError(`The engine's worker module could not be bundled from ${entry}.`, {
      details: messages,
      cause: error,
    })
  }
  const inputs = [...loaded.keys()].sort()
  const digest = digestOf(inputs.map((path) => [path, loaded.get(path) as Buffer]))
  const bundle = `engine-worker-${digest.slice(0, 16)}.mjs`
  await mkdir(dir, { recursive: true })
  await writeAtomically(join(dir, bundle), output)
  const record: BundleRecord = {
    format: recordFormat,
    entry,
    esbuild: esbuild.version,
    lockfile,
    inputs,
    digest,
    bundle,
  }
  await writeAtomically(join(dir, recordName), JSON.stringify(record))
  await removeOldBundles(dir, bundle)
  return pathToFileURL(join(dir, bundle))
}

async function readRecord(dir: string): Promise<BundleRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(join(dir, recordName), 'utf8')) as BundleRecord
    return record.format === recordFormat ? record : undefined
  } catch {
    // None yet, or one being replaced by an older process's format: build.
    return undefined
  }
}

/** The digest of the files as they are now; undefined when one is gone. */
async function digestOfFiles(paths: readonly string[]): Promise<string | undefined> {
  try {
    const contents = await Promise.all(paths.map((path) => readFile(path)))
    return digestOf(paths.map((path, i) => [path, contents[i] as Buffer]))
  } catch {
    return undefined
  }
}

function digestOf(files: readonly (readonly [string, Buffer])[]): string {
  const hash = createHash('sha256')
  for (const [path, contents] of files) {
    hash.update(`${path}\0${contents.length}\0`)
    hash.update(contents)
  }
  return hash.digest('hex')
}

/** sha256 of the nearest pnpm-lock.yaml above this package, or null. */
async function lockfileDigest(): Promise<string | null> {
  let folder = fileURLToPath(new URL('.', import.meta.url))
  for (;;) {
    const path = join(folder, 'pnpm-lock.yaml')
    if (existsSync(path))
      return createHash('sha256')
        .update(await readFile(path))
        .digest('hex')
    const parent = dirname(folder)
    if (parent === folder) return null
    folder = parent
  }
}

async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, path)
}

const unusedForMs = 7 * 24 * 60 * 60 * 1000

/**
 * Removes bundles of other inputs (and temporary files of killed processes) untouched for a week. A
 * process started from such a bundle a week ago could not start a new worker from it any more.
 */
async function removeOldBundles(dir: string, current: string): Promise<void> {
  const now = Date.now()
  for (const name of await readdir(dir)) {
    if (name === current || name === recordName || !name.startsWith('engine-worker')) continue
    const path = join(dir, name)
    const info = await stat(path).catch(() => undefined)
    if (info !== undefined && now - info.mtimeMs > unusedForMs) await rm(path, { force: true })
  }
}

function loaderOf(path: string): esbuild.Loader {
  switch (extname(path)) {
    case '.ts':
    case '.mts':
    case '.cts':
      return 'ts'
    case '.json':
      return 'json'
    case '.js':
    case '.mjs':
    case '.cjs':
      return 'js'
    default:
      return 'default'
  }
}
