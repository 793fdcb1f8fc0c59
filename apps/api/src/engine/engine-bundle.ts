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
  /** esbuild's version and the build options (see {@link settingsDigest}). */
  settings: string
  /** What is installed: the lockfiles (see {@link installDigest}). */
  install: string
  /** Every file the bundle was built from (absolute paths, sorted). */
  inputs: string[]
  /** sha256 over each input's path and the exact bytes esbuild compiled. */
  digest: string
  /** What esbuild resolved the inputs with, besides their bytes (see {@link resolutionDigest}). */
  resolution: string
  /** The bundle's file name in the folder. */
  bundle: string
}
const recordFormat = 2
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
 * TypeScript sources and kept until one of them changes, or anything else that decides the output:
 * a package.json or tsconfig on the way, a file added beside an input, esbuild or the build options,
 * what pnpm installed.
 *
 * A worker thread that loads the sources through tsx compiles and resolves ~950 modules through the
 * loader hooks: 1.4–1.8 s on a quiet 2-core machine, 8–10 s at load 13, for every new worker and
 * every worker that replaces a terminated one. The bundle loads in ~90 ms. Checking that a kept
 * bundle is current reads and hashes its inputs (~3 MB, ~80 ms); building one takes ~1.3 s.
 *
 * Several processes may ask at once: each writes under a unique name and renames into place, so a
 * reader sees a whole bundle or none. A bundle is touched whenever it is used (and daily by a process
 * that keeps using it: {@link keepEngineBundle}); bundles untouched for a week are removed.
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
  const install = await installDigest()
  const kept = await readRecord(dir)
  if (
    kept !== undefined &&
    kept.entry === entry &&
    kept.settings === settingsDigest &&
    kept.install === install &&
    (await digestOfFiles(kept.inputs)) === kept.digest &&
    (await resolutionDigest(kept.inputs)) === kept.resolution
  ) {
    const file = join(dir, kept.bundle)
    // Touched, so that no other process removes it as unused while this one may start workers from it.
    if (await touch(pathToFileURL(file))) return pathToFileURL(file)
  }
  return build(dir, entry, install)
}

/**
 * Keeps a bundle in use from being removed as unused (see {@link engineWorkerBundle}) while a
 * long-running process may still start workers from it: touches it once a day until stopped.
 *
 * @example
 * const stop = keepEngineBundle(file) // …and at close: stop()
 */
export function keepEngineBundle(file: URL): () => void {
  const timer = setInterval(() => void touch(file), dayMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** Sets the file's times to now; false when it is gone. */
const touch = (file: URL) => {
  const now = new Date()
  return utimes(file, now, now).then(
    () => true,
    () => false,
  )
}

/**
 * The options every bundle is built with (the plugin that records the inputs aside). A change to them
 * changes {@link settingsDigest}, so a bundle built with other options is not reused.
 */
const buildOptions = {
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
} as const satisfies esbuild.BuildOptions

const settingsDigest = createHash('sha256')
  .update(JSON.stringify({ esbuild: esbuild.version, buildOptions }))
  .digest('hex')

async function build(dir: string, entry: string, install: string): Promise<URL> {
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
    const result = await esbuild.build({ ...buildOptions, entryPoints: [entry], plugins: [recordInputs] })
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
  // Read after the build: a package.json or tsconfig changed during the build's second itself would
  // be recorded as current (the inputs' own bytes have no such window).
  const resolution = await resolutionDigest(inputs)
  const name = createHash('sha256')
    .update(`${digest}\0${resolution}\0${settingsDigest}\0${install}`)
    .digest('hex')
  const bundle = `engine-worker-${name.slice(0, 16)}.mjs`
  try {
    await mkdir(dir, { recursive: true })
    await writeAtomically(join(dir, bundle), output)
    const record: BundleRecord = {
      format: recordFormat,
      entry,
      settings: settingsDigest,
      install,
      inputs,
      digest,
      resolution,
      bundle,
    }
    await writeAtomically(join(dir, recordName), JSON.stringify(record))
    await removeOldBundles(dir, bundle)
  } catch (error) {
    throw new EngineBundleError(`The engine's worker module could not be written to ${dir}.`, {
      details: error instanceof Error ? error.message : String(error),
      cause: error,
    })
  }
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

/** The files, besides an input's own folder listing, that decide how esbuild resolves and compiles it. */
const configNames = new Set(['package.json', 'tsconfig.json', 'tsconfig.base.json', 'jsconfig.json'])

/**
 * What esbuild resolved and compiled the inputs with, besides their bytes: the listing of each
 * input's folder (a new `foo.js` beside `foo.ts`, or `x.ts` beside `x/index.ts`, would be resolved
 * instead) and every package.json and tsconfig on the way from an input up to the root (`exports`,
 * `type`, the compile target), created ones included.
 */
async function resolutionDigest(inputs: readonly string[]): Promise<string> {
  const folders = [...new Set(inputs.map((path) => dirname(path)))].sort()
  const ancestors = new Set<string>()
  for (const folder of folders)
    for (let current = folder; !ancestors.has(current); current = dirname(current)) {
      ancestors.add(current)
      if (dirname(current) === current) break
    }
  const listings = new Map<string, string[]>()
  const listing = async (folder: string) => {
    let names = listings.get(folder)
    if (names === undefined) {
      names = (await readdir(folder).catch(() => [] as string[])).sort()
      listings.set(folder, names)
    }
    return names
  }
  const hash = createHash('sha256')
  for (const folder of folders) hash.update(`folder\0${folder}\0${(await listing(folder)).join('\0')}\0`)
  for (const folder of [...ancestors].sort())
    for (const name of await listing(folder)) {
      if (!configNames.has(name)) continue
      const contents = await readFile(join(folder, name)).catch(() => Buffer.from('(unreadable)'))
      hash.update(`config\0${join(folder, name)}\0${contents.length}\0`)
      hash.update(contents)
    }
  return hash.digest('hex')
}

/**
 * What is installed: sha256 over the workspace's `pnpm-lock.yaml` (a dependency re-resolved) and
 * pnpm's record of what it installed (`node_modules/.pnpm/lock.yaml`: a package linked or installed
 * differently without a lockfile change), each when present.
 */
async function installDigest(): Promise<string> {
  const hash = createHash('sha256')
  let folder = fileURLToPath(new URL('.', import.meta.url))
  for (;;) {
    if (existsSync(join(folder, 'pnpm-lock.yaml'))) break
    const parent = dirname(folder)
    if (parent === folder) return hash.update('no pnpm-lock.yaml').digest('hex')
    folder = parent
  }
  for (const path of [join(folder, 'pnpm-lock.yaml'), join(folder, 'node_modules', '.pnpm', 'lock.yaml')]) {
    const contents = await readFile(path).catch(() => undefined)
    hash.update(`${path}\0${contents === undefined ? 'none' : contents.length}\0`)
    if (contents !== undefined) hash.update(contents)
  }
  return hash.digest('hex')
}

async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`
  await writeFile(temporary, contents)
  await rename(temporary, path)
}

const dayMs = 24 * 60 * 60 * 1000
const unusedForMs = 7 * dayMs

/**
 * Removes bundles of other inputs (and temporary files of killed processes) untouched for a week. A
 * process using one touches it daily ({@link keepEngineBundle}), so only unused ones go.
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
