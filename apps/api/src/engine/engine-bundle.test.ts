import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { EngineBundleError, engineWorkerBundle } from './engine-bundle.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/**
 * A source tree of two TypeScript modules in `src/` (the entry imports the other) and an empty bundle
 * folder beside it.
 */
function sources(value: number) {
  const root = mkdtempSync(join(tmpdir(), 'xmargin-engine-bundle-'))
  folders.push(root)
  const src = join(root, 'src')
  mkdirSync(src)
  writeFileSync(join(src, 'value.ts'), `export const value: number = ${value}\n`)
  writeFileSync(
    join(src, 'entry.ts'),
    "import { value } from './value.ts'\nexport default (input: number): number => input + value\n",
  )
  return { entry: join(src, 'entry.ts'), dir: join(root, 'bundles'), root, src }
}

const load = async (file: URL) => (await import(file.href)).default as (input: number) => number
const bundlesIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.mjs'))

describe('engineWorkerBundle()', () => {
  it('bundles the module into one JavaScript file, and keeps it while its inputs are unchanged', async () => {
    const tree = sources(1)
    const file = await engineWorkerBundle(tree)
    expect((await load(file))(41)).toBe(42)
    // A mark in the kept file: a rebuild would replace the file and lose it.
    appendFileSync(file, '\n// kept\n')
    const again = await engineWorkerBundle(tree)
    expect(again.href).toBe(file.href)
    expect(readFileSync(again, 'utf8')).toMatch(/\/\/ kept\n$/)
    expect(bundlesIn(tree.dir)).toHaveLength(1)
  })

  it('rebuilds when an imported file changes, even to the same size', async () => {
    const tree = sources(1)
    const before = await engineWorkerBundle(tree)
    writeFileSync(join(tree.src, 'value.ts'), 'export const value: number = 7\n')
    const after = await engineWorkerBundle(tree)
    expect(after.href).not.toBe(before.href)
    expect((await load(after))(41)).toBe(48)
    // The old bundle stays (a process started from it may still start workers from it).
    expect(bundlesIn(tree.dir)).toHaveLength(2)
  })

  it('rebuilds when the kept bundle is gone', async () => {
    const tree = sources(2)
    const first = await engineWorkerBundle(tree)
    rmSync(first)
    const second = await engineWorkerBundle(tree)
    expect(second.href).toBe(first.href)
    expect((await load(second))(1)).toBe(3)
  })

  it('does not keep a bundle one of whose inputs is gone: it builds again, and says what is missing', async () => {
    const tree = sources(2)
    await engineWorkerBundle(tree)
    rmSync(join(tree.src, 'value.ts'))
    const error = await engineWorkerBundle(tree).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EngineBundleError)
    expect((error as EngineBundleError).details).toContain('./value.ts')
  })

  it('rebuilds when what decides resolution changes: a package.json in a folder above, a file beside an input', async () => {
    const tree = sources(4)
    const first = await engineWorkerBundle(tree)
    appendFileSync(first, '\n// kept\n')
    writeFileSync(join(tree.root, 'package.json'), '{ "type": "module" }\n')
    const second = await engineWorkerBundle(tree)
    expect(readFileSync(second, 'utf8')).not.toMatch(/\/\/ kept\n$/)
    appendFileSync(second, '\n// kept\n')
    writeFileSync(join(tree.src, 'notes.txt'), 'a new file beside entry.ts\n')
    const third = await engineWorkerBundle(tree)
    expect(readFileSync(third, 'utf8')).not.toMatch(/\/\/ kept\n$/)
    expect((await load(third))(0)).toBe(4)
  })

  it('gives every one of several concurrent callers the same whole bundle', async () => {
    const tree = sources(3)
    const files = await Promise.all(Array.from({ length: 6 }, () => engineWorkerBundle(tree)))
    expect(new Set(files.map((file) => file.href)).size).toBe(1)
    expect((await load(files[0] as URL))(0)).toBe(3)
    // No temporary file is left behind.
    expect(readdirSync(tree.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('throws EngineBundleError naming the file and line of a syntax error', async () => {
    const tree = sources(1)
    writeFileSync(join(tree.src, 'value.ts'), 'export const value: number = (\n')
    const error = await engineWorkerBundle(tree).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EngineBundleError)
    expect((error as EngineBundleError).details).toContain('value.ts:2')
  })

  it('removes bundles of other inputs untouched for a week, and keeps younger ones', async () => {
    const tree = sources(1)
    await engineWorkerBundle(tree)
    const old = join(tree.dir, 'engine-worker-0000000000000000.mjs')
    const young = join(tree.dir, 'engine-worker-1111111111111111.mjs')
    for (const path of [old, young]) writeFileSync(path, 'export default () => 0\n')
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000)
    utimesSync(old, eightDaysAgo, eightDaysAgo)
    writeFileSync(join(tree.src, 'value.ts'), 'export const value: number = 2\n')
    const current = await engineWorkerBundle(tree)
    const left = bundlesIn(tree.dir)
    expect(left).not.toContain('engine-worker-0000000000000000.mjs')
    expect(left).toContain('engine-worker-1111111111111111.mjs')
    expect(left).toContain(basename(fileURLToPath(current)))
  })

  it("bundles the engine's worker module, whose default export runs a task", async () => {
    const root = mkdtempSync(join(tmpdir(), 'xmargin-engine-bundle-'))
    folders.push(root)
    const file = await engineWorkerBundle({ dir: root })
    const source = readFileSync(file, 'utf8')
    // Plain JavaScript with no TypeScript loader: it imports nothing but Node built-ins.
    expect(source.match(/^import .* from ['"](?!node:)[^'"]+['"]/gm)).toBeNull()
    const run = (await import(file.href)).default as (message: unknown) => Promise<unknown>
    await expect(run({ task: { kind: 'ready', input: null }, paramsKey: undefined })).resolves.toEqual({
      ok: true,
      value: expect.any(Number),
    })
  })
})
