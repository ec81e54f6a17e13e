/** The broker's definitions (tools/bus/rabbitmq-definitions.json), as far as the soak reads them. */
export interface BrokerDefinitions {
  queues?: { name: string; arguments?: Record<string, unknown> }[];
}

/**
 * The queues the broker bounds itself (`x-max-length`): feeds kept for contexts outside PPM (the audit log, the
 * event types no PPM consumer takes). Nobody consumes them in the soak, so they fill up to their bound by design.
 */
export function boundedFeeds(definitions: BrokerDefinitions): Set<string> {
  return new Set(
    (definitions.queues ?? []).filter((q) => q.arguments?.['x-max-length'] !== undefined).map((q) => q.name),
  );
}

/** What PPM's consumers still have to take: the messages of every queue but the bounded feeds. */
export function backlogOf(depths: Readonly<Record<string, number>>, feeds: ReadonlySet<string>): number {
  return Object.entries(depths)
    .filter(([queue]) => !feeds.has(queue))
    .reduce((sum, [, n]) => sum + n, 0);
}
