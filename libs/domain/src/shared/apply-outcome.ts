/**
 * What a command that may be delivered more than once did: `APPLIED` changed the aggregate (and may have recorded
 * events); `DUPLICATE` found the same outcome already in place and changed nothing, so the caller answers as if
 * it had applied it (a duplicate webhook "changes nothing and is answered as success").
 */
export type ApplyEffect = 'APPLIED' | 'DUPLICATE';

/** The value of a successful at-least-once command. */
export interface ApplyOutcome {
  readonly effect: ApplyEffect;
}
