import {
  type Account,
  BaseError,
  type Chain,
  type Client,
  createTestClient,
  defineChain,
  type Hash,
  http,
  NonceTooLowError,
  type PublicActions,
  publicActions,
  type TestActions,
  TransactionNotFoundError,
  type TransactionReceipt,
  TransactionReceiptNotFoundError,
  type Transport,
  type WalletActions,
  walletActions,
} from 'viem'

import { privateKeyToAccount } from 'viem/accounts'
import {
  deployContract,
  getTransaction,
  getTransactionReceipt,
  sendTransaction,
  writeContract,
} from 'viem/actions'
import { DevnetError } from '../errors.js'

/** A viem client for one devnet chain with public, wallet and anvil test actions. */
export type DevnetClient = Client<Transport, Chain, Account> &
  PublicActions<Transport, Chain, Account> &
  WalletActions<Chain, Account> &
  TestActions

export type CreateDevnetClientParameters = {
  chainId: number
  rpcUrl: string
  /** Private key of the sending account (the deployer unless stated). */
  privateKey: `0x${string}`
  name?: string
}

/**
 * Builds the client every deploy and seed step takes. `cacheTime: 0` because viem otherwise
 * caches block numbers for seconds, which is wrong on a local chain that mines per transaction.
 * Gas estimates get half again as much (see `withGasMargin`).
 *
 * @example
 * const client = createDevnetClient({ chainId: 1, rpcUrl: 'http://127.0.0.1:8545', privateKey: DEPLOYER_KEY })
 */
export function createDevnetClient(parameters: CreateDevnetClientParameters): DevnetClient {
  const { chainId, rpcUrl, privateKey, name = `devnet-${chainId}` } = parameters
  const chain = defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  const client = createTestClient({
    mode: 'anvil',
    chain,
    account: privateKeyToAccount(privateKey),
    transport: withGasMargin(http(rpcUrl, { timeout: 30_000 })),
    cacheTime: 0,
    pollingInterval: 50,
  })
    .extend(publicActions)
    .extend(walletActions)
    .extend((base) => ({
      sendTransaction: ((args: Parameters<typeof base.sendTransaction>[0]) =>
        retryNonceConflicts(() => sendTransaction(base, args as never))) as typeof base.sendTransaction,
      // viem's writeContract and deployContract send through the sendTransaction of the client they
      // were bound to, the one before the line above: bound again to this client, so they send
      // through it. (They were not: a `setFrozen` of `pnpm stale` lost its nonce to the heartbeat,
      // which then sent from the same account, and was not sent again.)
      writeContract: ((args: Parameters<typeof base.writeContract>[0]) =>
        writeContract(client, args as never)) as typeof base.writeContract,
      deployContract: ((args: Parameters<typeof base.deployContract>[0]) =>
        deployContract(client, args as never)) as typeof base.deployContract,
      // Every wait of the devnet (confirmTx, deployContract, the feed heartbeat, tests) goes through it.
      waitForTransactionReceipt: ((args: Parameters<typeof base.waitForTransactionReceipt>[0]) =>
        waitForDevnetReceipt(client, args)) as typeof base.waitForTransactionReceipt,
    })) as DevnetClient
  return client
}

/** How long a sent transaction may sit in the pool of an automining chain before a block is mined for it. */
export const stuckAfterMs = 5_000
/** How long a wait for a receipt lasts by default (viem's default). */
export const receiptTimeoutMs = 180_000

/**
 * Waits for a transaction's receipt by asking the node for it every `pollingInterval`, and mines a
 * block when the transaction sits in the pool of an automining node that mined no block for
 * `stuckAfterMs` (checked every `stuckAfterMs`, so after 5–10 s).
 * - viem's own wait looks the receipt up again only when a new block comes; on an automining devnet
 *   where this wait is the only sender, a receipt missed once (a lookup that failed or came early)
 *   is then never looked up again.
 * - Anvil's automine can miss a ready transaction (foundry-rs/foundry#10122), which then stays
 *   pending until another transaction comes; on such a devnet none comes. A mined block is said on
 *   stderr.
 * A busy fresh-clone run hung in the cascade wallets' set-up until the 180 s hook timeout, with no
 * word of which transaction; a wait that ends now names its hash and what the node last said.
 *
 * @example
 * const receipt = await waitForDevnetReceipt(client, { hash })
 */
export async function waitForDevnetReceipt(
  client: DevnetClient,
  args: { hash: Hash; pollingInterval?: number | undefined; timeout?: number | undefined },
): Promise<TransactionReceipt> {
  const { hash, pollingInterval = client.pollingInterval, timeout = receiptTimeoutMs } = args
  const started = Date.now()
  let checked = started
  let last = 'no answer yet'
  let pool: string | undefined
  let sinceBlock: bigint | undefined
  for (;;) {
    try {
      return await getTransactionReceipt(client, { hash })
    } catch (error) {
      last =
        error instanceof TransactionReceiptNotFoundError
          ? 'no receipt yet'
          : `the receipt lookup failed: ${error instanceof BaseError ? error.shortMessage : String(error)}`
    }
    const now = Date.now()
    if (now - started >= timeout)
      throw new DevnetError(`No receipt for transaction ${hash} within ${Math.round(timeout / 1000)} s.`, {
        details: pool ? `${last}; ${pool}` : last,
      })
    if (now - checked >= stuckAfterMs) {
      checked = now
      try {
        const seen = await mineIfStuck(client, hash, sinceBlock)
        pool = seen.found
        sinceBlock = seen.block
      } catch (error) {
        pool = `the pool lookup failed: ${error instanceof BaseError ? error.shortMessage : String(error)}`
      }
    }
    await new Promise((resolve) => setTimeout(resolve, pollingInterval))
  }
}

/**
 * Mines a block when `hash` waits in the pool of an automining node that mined nothing since the last
 * check (`sinceBlock`): a pool that drains one transaction per block (tx-pipeline's queued deploy
 * steps) is busy, not stuck, and a block mined on demand could leave out steps that do not fit it.
 * Says what it found, and the block number to compare with next time.
 */
async function mineIfStuck(
  client: DevnetClient,
  hash: Hash,
  sinceBlock: bigint | undefined,
): Promise<{ found: string; block: bigint }> {
  const [automine, block, transaction] = await Promise.all([
    client.getAutomine(),
    client.getBlockNumber({ cacheTime: 0 }),
    getTransaction(client, { hash }).catch((error: unknown) => {
      if (error instanceof TransactionNotFoundError) return undefined
      throw error
    }),
  ])
  if (!transaction) return { found: 'the node does not know the transaction', block }
  if (transaction.blockNumber !== null) return { found: `mined in block ${transaction.blockNumber}`, block }
  // Interval mining, or blocks mined on demand (mineTogether), will take it: not stuck.
  if (!automine) return { found: 'pending, the node mines on an interval or on demand', block }
  if (sinceBlock === undefined || block !== sinceBlock)
    return { found: `pending while automining, blocks still coming (at ${block})`, block }
  console.warn(
    `devnet: chain ${client.chain.id} left transaction ${hash} in its pool with no new block for ${stuckAfterMs / 1000} s while automining; mined a block for it.`,
  )
  await client.mine({ blocks: 1 })
  return { found: 'pending while automining, no new block: mined one', block: block + 1n }
}

/** How often a send is tried again after another sender of the same account took its nonce. */
const nonceAttempts = 10

/**
 * Runs `send` (which reads the account's next nonce afresh each time) again when the node refused
 * its nonce because another sender of the same account used it first: "nonce too low" (theirs was
 * mined) or "replacement transaction underpriced" (theirs is pending). The devnet's feeds have one
 * owner, account 0, which `pnpm shock` and `pnpm stale` send from, each in its own process, and
 * tests send from it beside them: neither can know the other's nonce. (The feed heartbeat sends from
 * an account of its own, `FEED_KEEPER_INDEX`, for this reason.)
 *
 * @example
 * const hash = await retryNonceConflicts(() => sendTransaction(client, request))
 */
async function retryNonceConflicts<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send()
    } catch (error) {
      if (attempt >= nonceAttempts || !isNonceConflict(error)) throw error
      // A random pause before the next try: the other sender may be sending a run of transactions
      // (a shock posts one per feed), and a try made at once can land in the same gap between its
      // reading a nonce and its send.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * attempt))
    }
  }
}

function isNonceConflict(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false
  return Boolean(
    error.walk(
      (cause) =>
        cause instanceof NonceTooLowError ||
        /nonce too low|replacement transaction underpriced/i.test(
          (cause as { details?: string }).details ?? (cause as Error).message,
        ),
    ),
  )
}

/**
 * Adds 50% to the node's gas estimates (`eth_estimateGas`, and the gas of `eth_fillTransaction`,
 * which viem prefers). Anvil estimates the exact minimum on the pending block, but code whose cost
 * depends on block time (Morpho's and Aave's interest accrual, Perp's index TWAP and funding) can
 * be mined a second later and then run out of gas.
 *
 * @example
 * const transport = withGasMargin(http(rpcUrl))
 */
export function withGasMargin(transport: Transport): Transport {
  const more = (gas: string) => `0x${((BigInt(gas) * 3n) / 2n).toString(16)}`
  return (parameters) => {
    const inner = transport(parameters)
    type Request = typeof inner.request
    const request = (async (args: Parameters<Request>[0], options?: Parameters<Request>[1]) => {
      const result: unknown = await inner.request(args, options)
      if (args.method === 'eth_estimateGas' && typeof result === 'string') return more(result)
      if (args.method === 'eth_fillTransaction') {
        const filled = result as { tx?: { gas?: string } }
        if (typeof filled.tx?.gas === 'string')
          return { ...filled, tx: { ...filled.tx, gas: more(filled.tx.gas) } }
      }
      return result
    }) as Request
    return { ...inner, request }
  }
}
