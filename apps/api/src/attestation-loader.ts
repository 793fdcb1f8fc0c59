import DataLoader from 'dataloader'
import {
  type Attestation,
  type AttestationMessage,
  type AttestationSigner,
  attestationMessage,
} from './attestation.js'
import type { EngineRunner } from './engine/engine-runner.js'
import type { SolvencyView } from './service/solvency.js'

/** A request's attestations: `load(solvency)` resolves to its signed attestation. */
export type AttestationLoader = { load: (solvency: SolvencyView) => Promise<Attestation> }

/** Most attestations signed in one engine task (~0.5 s of one thread). */
export const ATTESTATIONS_PER_TASK = 1_000

/** Parameters of {@link createAttestationLoader}. */
export type CreateAttestationLoaderParameters = {
  signer: AttestationSigner
  engine: EngineRunner
  /** The request's engine work signal (timeout, client gone): its signing tasks are abandoned with it. */
  signal?: AbortSignal | undefined
}

/**
 * Signs one request's attestations in batches on the engine pool, off the event loop: the
 * `attestation` fields of a `solvency` list resolve in one tick and become one `attest` task (at
 * most {@link ATTESTATIONS_PER_TASK} messages); identical messages (the same wallet under two aliases
 * with the same arguments) are signed once. Signing on the event loop held it 15 s for 15 × 1,000
 * attestations (issue 12). With `engineThreads: 0` the task runs in-process, batched all the same.
 *
 * @example
 * const attestations = createAttestationLoader({ signer, engine, signal })
 * const attestation = await attestations.load(solvency)
 */
export function createAttestationLoader(parameters: CreateAttestationLoaderParameters): AttestationLoader {
  const { signer, engine, signal } = parameters
  const loader = new DataLoader<AttestationMessage, Attestation, string>(
    async (messages) => {
      const signatures = await engine.run(signer.attestTask(messages), signal)
      return messages.map((message, i) => ({
        signer: signer.address,
        signature: signatures[i]!,
        domain: signer.domain,
        primaryType: 'Solvency' as const,
        message,
      }))
    },
    {
      maxBatchSize: ATTESTATIONS_PER_TASK,
      cacheKeyFn: (message) =>
        JSON.stringify(message, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
    },
  )
  return { load: (solvency) => loader.load(attestationMessage(solvency)) }
}
