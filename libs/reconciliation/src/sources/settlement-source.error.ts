/**
 * A settlement file that could not be fetched. `message` is PPM's own words (it becomes the run's error, which the
 * tenant reads): at most an HTTP status, never text from the source; `detail` is what the source said, for the
 * operators' log only.
 */
export class SettlementSourceError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'SettlementSourceError';
  }
}
