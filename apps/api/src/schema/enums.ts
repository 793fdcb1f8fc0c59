import type { ApiBuilder } from './builder.js'

/**
 * Adds the enums and returns their refs.
 *
 * @example
 * const { MarginModel } = addEnums(builder)
 */
export function addEnums(builder: ApiBuilder) {
  const MarginModel = builder.enumType('MarginModel', {
    values: {
      PORTFOLIO: {
        value: 'portfolio',
        description:
          'Joint scenarios (factors moving together, crypto crashes, stablecoin depegs) + liquidation-cost haircuts + contingencies (SPAN/PMRM-like).',
      },
      STANDARD: {
        value: 'standard',
        description: 'Per-market fractions, netting inside one market (dYdX v4-like).',
      },
      ES: { value: 'es', description: 'Monte Carlo expected shortfall (STANS-like).' },
      AAVE_V3: { value: 'aave-v3', description: "Aave v3's own health factor, integer-exact." },
      DERIVE_PMRM: {
        value: 'derive-pmrm',
        description:
          "Derive's PMRM_2 options portfolio margin with its mainnet parameters and scenarios, one subaccount per underlying (options, perps, USDC); other positions are excluded as not-modelled.",
      },
    } as const,
  })
  const MarginStatus = builder.enumType('MarginStatus', {
    values: ['HEALTHY', 'WARNING', 'LIQUIDATABLE', 'UNKNOWN'] as const,
  })
  const VenueRule = builder.enumType('VenueRule', {
    values: {
      AAVE_V3: {
        value: 'aave-v3',
        description: "Aave v3: the account's health factor below 1 (eMode applied).",
      },
      MORPHO_BLUE: {
        value: 'morpho-blue',
        description: "Morpho Blue: borrowed above the market's LLTV · collateral.",
      },
      PERP_V2: {
        value: 'perp-v2',
        description:
          'Perp v2: account value below the maintenance margin ratio (6.25%) of the absolute position value.',
      },
      OPTIONS: {
        value: 'options',
        description:
          'The reference options venue: posted collateral below its short requirement (no liquidations: withdrawals and new shorts are blocked).',
      },
    } as const,
  })
  const PerpClosedAt = builder.enumType('PerpClosedAt', {
    description: 'Where a Perp v2 liquidation closed the position.',
    values: {
      POOL: {
        value: 'pool',
        description:
          "Swapped through the market's virtual pool as stored at the cut (brought to the index first), as ClearingHouse.liquidate does.",
      },
      INDEX: {
        value: 'index',
        description:
          'At the index price: no virtual pool is stored for the market (its chain spec names none).',
      },
    } as const,
  })
  const VenueStatus = builder.enumType('VenueStatus', {
    values: {
      HEALTHY: { description: "No venue's own rule fails." },
      BREACHED: { description: 'A venue that does not liquidate (the options venue) fails its check.' },
      LIQUIDATABLE: { description: 'A venue would liquidate at current prices.' },
    } as const,
  })
  const SolvencyVerdict = builder.enumType('SolvencyVerdict', {
    values: ['SOLVENT', 'INSOLVENT', 'UNKNOWN'] as const,
  })
  const PositionKind = builder.enumType('PositionKind', {
    values: {
      SPOT: { value: 'spot' },
      SUPPLY: { value: 'supply' },
      DEBT: { value: 'debt' },
      PERP: { value: 'perp' },
      OPTION: { value: 'option' },
    } as const,
  })
  const OptionRight = builder.enumType('OptionRight', {
    values: { CALL: { value: 'call' }, PUT: { value: 'put' } } as const,
  })
  const StressScenario = builder.enumType('StressScenario', {
    values: {
      CRYPTO_CRASH: { value: 'crypto-crash' },
      CRYPTO_RALLY: { value: 'crypto-rally' },
      VOL_SPIKE: { value: 'vol-spike' },
      STABLECOIN_DEPEG: { value: 'stablecoin-depeg' },
    } as const,
  })
  const ChainSyncStatus = builder.enumType('ChainSyncStatus', {
    values: {
      LIVE: { description: 'Indexed and fresh.' },
      STALE: {
        description:
          "Indexed but its block is older than the chain's maxLagSeconds (a halted chain or indexer), or the sync is behind or failing: reports over it are UNKNOWN.",
      },
      NOT_INDEXED: { description: 'No complete read of the tracked wallets yet (first sync).' },
      REINDEXING: {
        description:
          'Being read again after a rollback below its last full read (a reorg below the first snapshot, or deeper than finality): reports over it are UNKNOWN.',
      },
    },
  })
  return {
    MarginModel,
    MarginStatus,
    VenueRule,
    PerpClosedAt,
    VenueStatus,
    SolvencyVerdict,
    PositionKind,
    OptionRight,
    StressScenario,
    ChainSyncStatus,
  }
}

/** The enum refs. */
export type Enums = ReturnType<typeof addEnums>
