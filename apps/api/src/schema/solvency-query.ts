import {
  type AttestationMessage,
  type Attestation as AttestationShape,
  attestationTypes,
} from '../attestation.js'
import { assertAddressCount } from '../errors.js'
import { checkDecimalRange, checkIntRange, inputBounds } from '../service/input-bounds.js'
import { checkSolvency, type SolvencyView } from '../service/solvency.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'

/**
 * Adds `Query.solvency`, `Solvency` and its EIP-712 `Attestation` (signed lazily: only when asked for).
 *
 * @example
 * addSolvencyQuery(builder, enums, reports)
 */
export function addSolvencyQuery(builder: ApiBuilder, enums: Enums, reports: ReportTypes): void {
  const Message = builder.objectRef<AttestationMessage>('AttestationMessage')
  Message.implement({
    fields: (t) => ({
      wallet: t.expose('wallet', { type: 'Address' }),
      verdict: t.exposeString('verdict'),
      health: t.exposeString('health'),
      minHealth: t.exposeString('minHealth'),
      maxAgeSeconds: t.expose('maxAgeSeconds', { type: 'BigInt' }),
      model: t.exposeString('model'),
      checkedAt: t.expose('checkedAt', { type: 'BigInt' }),
      blocks: t.field({
        type: 'String',
        description: 'The ChainBlock[] array as JSON (integers as strings).',
        resolve: (m) =>
          JSON.stringify(m.blocks, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      }),
    }),
  })
  const Attestation = builder.objectRef<AttestationShape>('Attestation')
  Attestation.implement({
    description:
      'An EIP-712 signature over the verdict; verify with viem `verifyTypedData` (see the README).',
    fields: (t) => ({
      signer: t.expose('signer', {
        type: 'Address',
        description:
          "Who signed. Proves nothing alone (anyone can sign and name themselves): verify against the deployment's published signer (`attestationSigner`, its config, its docs).",
      }),
      signature: t.exposeString('signature'),
      primaryType: t.exposeString('primaryType'),
      domainName: t.string({ resolve: (a) => a.domain.name }),
      domainVersion: t.string({ resolve: (a) => a.domain.version }),
      domainChainId: t.int({
        nullable: true,
        description: 'The verifying chain id in the domain, when the deployment names one.',
        resolve: (a) => a.domain.chainId ?? null,
      }),
      message: t.expose('message', { type: Message }),
      typedData: t.string({
        description:
          'The whole typed data { domain, types, primaryType, message } as JSON, integers as strings.',
        resolve: (a) =>
          JSON.stringify(
            { domain: a.domain, types: attestationTypes, primaryType: a.primaryType, message: a.message },
            (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
          ),
      }),
    }),
  })
  const Solvency = builder.objectRef<SolvencyView>('Solvency')
  Solvency.implement({
    fields: (t) => ({
      address: t.expose('address', { type: 'Address' }),
      verdict: t.expose('verdict', { type: enums.SolvencyVerdict }),
      health: t.expose('health', { type: 'Decimal', nullable: true }),
      status: t.expose('status', { type: enums.MarginStatus }),
      reasons: t.exposeStringList('reasons'),
      oldestInputAgeSeconds: t.exposeInt('oldestInputAgeSeconds', { nullable: true }),
      checkedAt: t.exposeInt('checkedAt'),
      blocks: t.expose('blocks', { type: [reports.ChainFreshness] }),
      attestation: t.field({
        type: Attestation,
        nullable: true,
        description: 'Null when the server has no attestation key.',
        resolve: (s, _args, ctx) => ctx.attestations?.load(s) ?? null,
      }),
    }),
  })

  builder.queryFields((t) => ({
    solvency: t.field({
      type: [Solvency],
      description:
        'Batch solvency (up to 1,000 wallets). Never SOLVENT when any input is older than maxAgeSeconds or stale.',
      args: {
        addresses: t.arg({ type: ['Address'], required: true }),
        minHealth: t.arg({ type: 'Decimal', defaultValue: '1' }),
        maxAgeSeconds: t.arg.int(),
        model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
      },
      resolve: (_root, args, ctx) => {
        assertAddressCount(args.addresses)
        const minHealth = args.minHealth ?? '1'
        checkDecimalRange(minHealth, 'minHealth', inputBounds.minHealth)
        if (args.maxAgeSeconds != null)
          checkIntRange(args.maxAgeSeconds, 'maxAgeSeconds', inputBounds.maxAgeSeconds)
        return checkSolvency({
          service: ctx.service,
          addresses: [...new Set(args.addresses)],
          minHealth,
          maxAgeSeconds: args.maxAgeSeconds ?? null,
          model: args.model ?? 'portfolio',
          deadline: ctx.deadline,
        })
      },
    }),
  }))
}
