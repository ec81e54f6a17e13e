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
  /**
   * The command's first write claims the key in its own statement and its last write stores the reply (see
   * `ClaimedKey`), saving the claim's and the completion's round trips on the hot path. Only for a command whose
   * refusals before that write store nothing, and with no `secretReplyFields` (a write stores the reply as it is).
   */
  readonly claimedByFirstWrite?: boolean;
}

/** The metadata key `@Idempotent` stores its rule under. */
export const IDEMPOTENCY_RULE = Symbol('ppm:idempotency-rule');
