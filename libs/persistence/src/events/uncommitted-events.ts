/**
 * The events a repository pulled from an aggregate but has not committed yet. `pullEvents()` empties the
 * aggregate, so if a write then fails (a refusal, a lost connection) and the caller retries with the same
 * aggregate, the retry would store the state change without its events. Keeping the pulled events here until
 * the commit makes such a retry write them after all. Held weakly: a discarded aggregate takes its events along.
 */
export class UncommittedEvents<TAggregate extends { pullEvents(): TEvent[] }, TEvent> {
  private readonly pending = new WeakMap<TAggregate, TEvent[]>();

  /** Every event of `aggregate` not committed yet, oldest first (earlier failed writes' events, then new ones). */
  take(aggregate: TAggregate): TEvent[] {
    const events = [...(this.pending.get(aggregate) ?? []), ...aggregate.pullEvents()];
    this.pending.set(aggregate, events);
    return events;
  }

  /** The write that stored `aggregate`'s events committed: they are no longer pending. */
  committed(aggregate: TAggregate): void {
    this.pending.delete(aggregate);
  }
}
