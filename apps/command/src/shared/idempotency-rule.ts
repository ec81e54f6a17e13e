/** What `@Idempotent` declares about a NATS command: the scope of its keys and the body fields that are secrets. */
export interface IdempotencyRule {
  /** The command's subject: the same key on two commands is two keys. */
  readonly scope: string;
  /** Fields of the body that enter the stored fingerprint only as a keyed digest (credentials). */
  readonly secretFields?: readonly string[];
  /**
   * Fields of a successful reply's data that are secrets (a generated signing secret): the stored reply keeps them
   * sealed, bound to the key, and a replay opens them again.
   */
  readonly secretReplyFields?: readonly string[];
}

/** The metadata key `@Idempotent` stores its rule under. */
export const IDEMPOTENCY_RULE = Symbol('ppm:idempotency-rule');
