import { type Address, type Hex, hexToBytes, keccak256 } from 'viem'

/**
 * Whether a block's `logsBloom` may contain a log emitted by `address` (Ethereum's 2048-bit bloom:
 * three 11-bit indexes from the item's keccak256). `false` is certain: no log of that contract is
 * in the block, so the block's `eth_getLogs` can be skipped; `true` may be a false positive.
 *
 * @example
 * if (!addresses.some((a) => bloomMayContain(block.logsBloom, a))) logs = []
 */
export function bloomMayContain(bloom: Hex, address: Address): boolean {
  const bits = hexToBytes(bloom)
  if (bits.length !== 256) return true // not a standard bloom: assume it may contain anything
  const hash = hexToBytes(keccak256(address))
  for (let i = 0; i < 6; i += 2) {
    const index = (((hash[i] as number) << 8) | (hash[i + 1] as number)) & 2047
    const byte = bits[255 - (index >> 3)] as number
    if ((byte & (1 << (index & 7))) === 0) return false
  }
  return true
}
