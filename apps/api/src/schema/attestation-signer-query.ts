import type { AttestationSigner } from '../attestation.js'
import type { ApiBuilder } from './builder.js'

/**
 * Adds `Query.attestationSigner`: the address that signs this deployment's solvency attestations and
 * the EIP-712 domain it signs under (null without an attestation key). A verifier reads it once, from
 * here or the deployment's config and docs, and pins it; it never trusts `attestation.signer` from the
 * answer it is checking.
 *
 * @example
 * addAttestationSignerQuery(builder)
 */
export function addAttestationSignerQuery(builder: ApiBuilder): void {
  const Signer = builder.objectRef<AttestationSigner>('AttestationSigner')
  Signer.implement({
    description: "This deployment's attestation signer and EIP-712 domain.",
    fields: (t) => ({
      address: t.expose('address', { type: 'Address' }),
      deploymentId: t.exposeString('deploymentId'),
      domainName: t.string({ resolve: (s) => s.domain.name }),
      domainVersion: t.string({ resolve: (s) => s.domain.version }),
      domainChainId: t.int({ nullable: true, resolve: (s) => s.domain.chainId ?? null }),
    }),
  })
  builder.queryFields((t) => ({
    attestationSigner: t.field({
      type: Signer,
      nullable: true,
      description: 'The signer of solvency attestations and its domain; null when the server signs none.',
      resolve: (_root, _args, ctx) => ctx.signer ?? null,
    }),
  }))
}
