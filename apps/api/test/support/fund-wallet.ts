import { anvilKey, createDevnetClient, type DevnetManifest } from '@xmargin/devnet'
import { erc20Abi, parseAbi, parseEther } from 'viem'

const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

/**
 * A sender on the devnet's ethereum chain (anvil's first key) that gives wallets real ETH and WETH
 * transfers: what a wallet the indexer does not track yet receives before someone asks about it.
 *
 * @example
 * const funder = createWalletFunder(manifest)
 * await funder.fund('0x…dEaD', '2', '3') // 2 ETH and 3 WETH, each transaction mined
 */
export function createWalletFunder(manifest: DevnetManifest) {
  const ethereum = manifest.chains.find((c) => c.chainId === 1)
  const weth = ethereum?.tokens.find((t) => t.symbol === 'WETH')
  if (!ethereum || !weth) throw new Error('The devnet manifest has no ethereum chain with WETH.')
  const sender = createDevnetClient({ chainId: 1, rpcUrl: ethereum.rpcUrl, privateKey: anvilKey(0) })
  return {
    sender,
    /** Sends `eth` ETH and `wethAmount` WETH (minted to the sender, then transferred) to `to`. */
    async fund(to: `0x${string}`, eth: string, wethAmount: string) {
      await sender.waitForTransactionReceipt({
        hash: await sender.sendTransaction({ to, value: parseEther(eth) }),
      })
      if (wethAmount === '0') return
      await sender.waitForTransactionReceipt({
        hash: await sender.writeContract({
          address: weth.address,
          abi: mintAbi,
          functionName: 'mint',
          args: [sender.account.address, parseEther(wethAmount)],
        }),
      })
      await sender.waitForTransactionReceipt({
        hash: await sender.writeContract({
          address: weth.address,
          abi: erc20Abi,
          functionName: 'transfer',
          args: [to, parseEther(wethAmount)],
        }),
      })
    },
  }
}
