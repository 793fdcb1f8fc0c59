/**
 * The closed sets of values the store's text columns hold, shared by both dialects' schemas.
 */

/** Why a chain's stored positions are not a complete read (see `chainSync`). */
export const incompleteReasons = ['rolled-back', 'reindexing'] as const
export type IncompleteReason = (typeof incompleteReasons)[number]

/** Kinds of position a venue can hold for a wallet. */
export const positionKinds = ['spot', 'supply', 'debt', 'perp', 'option'] as const
export type PositionKind = (typeof positionKinds)[number]

/** Where a tracked wallet came from. */
export const walletSources = ['config', 'api', 'discovered'] as const
export type WalletSource = (typeof walletSources)[number]
