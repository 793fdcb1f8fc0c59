/** Venues known to xmargin. Any other string is accepted so that adapters can add venues. */
export type KnownVenueId = 'wallet' | 'aave-v3' | 'morpho-blue' | 'perp' | 'options'

/** Where a position lives on a chain: a wallet balance, a lending market, a derivatives venue. */
export type VenueId = KnownVenueId | (string & {})
