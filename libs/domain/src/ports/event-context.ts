/** Where a state change came from, stamped on the events it raises (the event envelope). */
export interface EventContext {
  readonly traceId: string;
  /** The id tying together everything one request set off (the first command's idempotency key or trace). */
  readonly correlationId: string;
  /** The id of the message that caused this change (the command or webhook), if any. */
  readonly causationId: string | null;
  /** Who asked for the change, for the audit trail: a user, a calling service, PPM itself, or a gateway. */
  readonly actor?: { readonly type: 'USER' | 'SERVICE' | 'SYSTEM' | 'GATEWAY'; readonly id: string | null };
}
