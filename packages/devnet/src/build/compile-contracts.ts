/**
 * Compiles the devnet's Solidity with solc-js 0.8.19 (wasm, offline) into `artifacts/<Name>.json`:
 * every `.sol` under `contracts/` (the project's own: feeds, oracle adapters, the reference options
 * venue) plus Morpho Blue and its IRM mock from `@morpho-org/morpho-blue`'s sources.
 * Skips the work when the inputs' hash matches the last build.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const contractsDir = join(packageRoot, 'contracts')
const artifactsDir = join(packageRoot, 'artifacts')
const morphoRoot = dirname(require.resolve('@morpho-org/morpho-blue/package.json'))

type SolcOutput = {
  errors?: { severity: 'error' | 'warning'; formattedMessage: string }[]
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
}

function listSol(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listSol(path)
    return entry.name.endsWith('.sol') ? [path] : []
  })
}

const sources: Record<string, { content: string }> = {}
for (const file of listSol(contractsDir)) {
  sources[`contracts/${relative(contractsDir, file)}`] = { content: readFileSync(file, 'utf8') }
}
for (const file of listSol(join(morphoRoot, 'src'))) {
  sources[`morpho-blue/${relative(morphoRoot, file)}`] = { content: readFileSync(file, 'utf8') }
}

const hash = createHash('sha256').update(JSON.stringify(sources)).digest('hex')
const stampPath = join(artifactsDir, '.inputs-hash')
if (existsSync(stampPath) && readFileSync(stampPath, 'utf8') === hash) {
  process.exit(0)
}

const solc = require('solc') as {
  compile: (input: string, imports?: object) => string
  version: () => string
}
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
  for (const error of errors) console.error(error.formattedMessage)
  console.error(`devnet: Solidity compilation failed with ${errors.length} error(s).`)
  process.exit(1)
}

mkdirSync(artifactsDir, { recursive: true })
let count = 0
for (const [sourceName, contracts] of Object.entries(output.contracts)) {
  for (const [contractName, contract] of Object.entries(contracts)) {
    const bytecode = contract.evm.bytecode.object
    if (!bytecode) continue // interfaces and abstract contracts
    writeFileSync(
      join(artifactsDir, `${contractName}.json`),
      JSON.stringify({ contractName, sourceName, abi: contract.abi, bytecode: `0x${bytecode}` }),
    )
    count++
  }
}
writeFileSync(stampPath, hash)
console.log(
  `devnet: compiled ${count} contracts with solc ${solc.version()} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)
