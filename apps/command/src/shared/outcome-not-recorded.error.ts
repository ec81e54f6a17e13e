/**
 * A command ran and committed, but its reply could not be stored under its idempotency key. Deliberately not an
 * "unreachable database" error: the caller must not be invited to retry, which would run the command again once the
 * key's claim lapses. The caller reads the outcome instead (the query side shows it).
 */
export class OutcomeNotRecordedError extends Error {
  constructor(cause: unknown) {
    super('The command was carried out but its reply could not be recorded', { cause });
    this.name = 'OutcomeNotRecordedError';
  }
}
