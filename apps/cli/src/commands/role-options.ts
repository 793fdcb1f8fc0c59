/** The roles `xmargin start --role` runs: the indexer alone or the API alone (none: both in one process). */
export const roles = ['indexer', 'api'] as const
/** One of {@link roles}. */
export type Role = (typeof roles)[number]
