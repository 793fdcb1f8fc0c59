import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { type Address, encodeDeployData, type Hex, parseAbi } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

/** The address Multicall3 has on every public EVM chain (and where viem looks for it). */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

/**
 * Puts Multicall3 at its canonical address. Anvil does not predeploy it: we run viem's copy of its
 * creation code once through `eth_call` to obtain the runtime code, then `anvil_setCode` it.
 *
 * @example
 * await deployMulticall3(client)
 */
export async function deployMulticall3(client: DevnetClient): Promise<Address> {
  const existing = await client.getCode({ address: MULTICALL3_ADDRESS })
  if (existing && existing !== '0x') return MULTICALL3_ADDRESS
  const runtime = await client.call({
    data: encodeDeployData({ abi: [], bytecode: readMulticall3CreationCode() }),
  })
  if (!runtime.data || runtime.data === '0x') {
    throw new DevnetError('Could not obtain Multicall3 runtime code from its creation code.')
  }
  await client.setCode({ address: MULTICALL3_ADDRESS, bytecode: runtime.data })
  const blockNumber = await client.readContract({
    address: MULTICALL3_ADDRESS,
    abi: parseAbi(['function getBlockNumber() view returns (uint256)']),
    functionName: 'getBlockNumber',
  })
  if (blockNumber < 0n) throw new DevnetError('Multicall3 does not answer at its canonical address.')
  return MULTICALL3_ADDRESS
}

/**
 * viem ships Multicall3's creation code (for its deployless multicall) without exporting it from a
 * public entry point; read it from the installed package's constants file.
 */
function readMulticall3CreationCode(): Hex {
  const require = createRequire(import.meta.url)
  const viemRoot = dirname(require.resolve('viem/package.json'))
  const source = readFileSync(join(viemRoot, '_esm/constants/contracts.js'), 'utf8')
  const match = /multicall3Bytecode\s*=\s*'(0x[0-9a-fA-F]+)'/.exec(source)
  if (!match?.[1]) {
    throw new DevnetError('Multicall3 creation code not found in the installed viem.', {
      details: `Looked in ${viemRoot}/_esm/constants/contracts.js`,
    })
  }
  return match[1] as Hex
}
