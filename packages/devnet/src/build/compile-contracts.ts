/**
 * Compiles the devnet's Solidity with solc-js 0.8.19 (wasm, offline) into `artifacts/<Name>.json`:
 * every `.sol` under `contracts/` (the project's own: feeds, oracle adapters, the reference options
 * venue) plus Morpho Blue and its IRM mock from `@morpho-org/morpho-blue`'s sources.
 *
 * Runs on demand: the first `loadProjectArtifact` of a process calls `ensureContractsCompiled`, so a
 * fresh clone's `xmargin dev` or any package's tests compile what is missing (with a progress line
 * on stderr) instead of failing. `pnpm --filter @xmargin/devnet build` runs the same step ahead.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DevnetError } from '../errors.js'

const require = createRequire(import.meta.url)
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const contractsDir = join(packageRoot, 'contracts')

/** Where compiled project artifacts live (`<Name>.json`, plus `.inputs-hash`). */
export const artifactsDir = join(packageRoot, 'artifacts')
const stampPath = join(artifactsDir, '.inputs-hash')

type SolcOutput = {
  errors?: { severity: 'error' | 'warning'; formattedMessage: string }[]
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
}

type Sources = Record<string, { content: string }>

function listSol(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return listSol(path)
      return entry.name.endsWith('.sol') ? [path] : []
    })
}

function readSources(): Sources {
  const morphoRoot = dirname(require.resolve('@morpho-org/morpho-blue/package.json'))
  const sources: Sources = {}
  for (const file of listSol(contractsDir)) {
    sources[`contracts/${relative(contractsDir, file)}`] = { content: readFileSync(file, 'utf8') }
  }
  for (const file of listSol(join(morphoRoot, 'src'))) {
    sources[`morpho-blue/${relative(morphoRoot, file)}`] = { content: readFileSync(file, 'utf8') }
  }
  return sources
}

const hashSources = (sources: Sources) => createHash('sha256').update(JSON.stringify(sources)).digest('hex')

/**
 * The hash of every Solidity input (project contracts and Morpho Blue's sources): what the
 * compiled artifacts were built from. Changes when a contract changes.
 *
 * @example
 * const hash = contractSourcesHash()
 */
export function contractSourcesHash(): string {
  return hashSources(readSources())
}

export type EnsureContractsCompiledParameters = {
  /** Progress lines; default: stderr. */
  log?: (message: string) => void
}

export type EnsureContractsCompiledReturnType = {
  /** `false` when the artifacts already matched the sources. */
  compiled: boolean
  /** How many contracts were written (0 when nothing was compiled). */
  count: number
}

let upToDate = false

/**
 * Compiles the project's contracts into `artifacts/` when they are missing or older than their
 * sources; a no-op (one hash of the sources) otherwise. Files are written through a temporary name
 * and renamed, the inputs stamp last, so a concurrent reader never sees half an artifact.
 *
 * @example
 * ensureContractsCompiled() // "devnet: compiling contracts with solc 0.8.19 (first run only)…"
 */
export function ensureContractsCompiled(
  parameters: EnsureContractsCompiledParameters = {},
): EnsureContractsCompiledReturnType {
  if (upToDate) return { compiled: false, count: 0 }
  const { log = (message: string) => process.stderr.write(`${message}\n`) } = parameters
  const sources = readSources()
  const hash = hashSources(sources)
  if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash) {
    upToDate = true
    return { compiled: false, count: 0 }
  }

  const solc = require('solc') as {
    compile: (input: string, imports?: object) => string
    version: () => string
  }
  log(
    `devnet: compiling ${Object.keys(sources).length} Solidity sources with solc ${solc.version().split('+')[0]} into packages/devnet/artifacts (once, when they change)…`,
  )
  const started = performance.now()
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 999999 },
      viaIR: false,
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const findImports = (path: string) => {
    const candidate = sources[path]
    return candidate ? { contents: candidate.content } : { error: `File not found: ${path}` }
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new DevnetError(`Solidity compilation failed with ${errors.length} error(s).`, {
      details: errors.map((e) => e.formattedMessage).join('\n'),
    })
  }

  mkdirSync(artifactsDir, { recursive: true })
  const writeAtomically = (path: string, content: string) => {
    const temporary = `${path}.${process.pid}.tmp`
    writeFileSync(temporary, content)
    renameSync(temporary, path)
  }
  let count = 0
  for (const [sourceName, contracts] of Object.entries(output.contracts)) {
    for (const [contractName, contract] of Object.entries(contracts)) {
      const bytecode = contract.evm.bytecode.object
      if (!bytecode) continue // interfaces and abstract contracts
      writeAtomically(
        join(artifactsDir, `${contractName}.json`),
        JSON.stringify({ contractName, sourceName, abi: contract.abi, bytecode: `0x${bytecode}` }),
      )
      count++
    }
  }
  writeAtomically(stampPath, hash)
  upToDate = true
  log(`devnet: compiled ${count} contracts in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return { compiled: true, count }
}
