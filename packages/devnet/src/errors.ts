export type DevnetErrorParameters = { details?: string; cause?: unknown }

/** Every failure the devnet raises: what went wrong (`shortMessage`) and what to check (`details`). */
export class DevnetError extends Error {
  override name = 'DevnetError'
  readonly shortMessage: string
  readonly details: string | undefined

  constructor(shortMessage: string, { details, cause }: DevnetErrorParameters = {}) {
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause })
    this.shortMessage = shortMessage
    this.details = details
  }
}
