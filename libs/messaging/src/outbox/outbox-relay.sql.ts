// The outbox relay's statements.

/**
 * Claims, with a lease and SKIP LOCKED, up to $1 events to publish for $2 ms: only the oldest unsent event of each
 * aggregate, so an aggregate's events go out in version order. Parked events (FAILED) are not claimed but still hold
 * back their aggregate's later events. Answers each event's lag so far.
 */
export const CLAIM_EVENTS = `
  WITH heads AS (
    SELECT o.id FROM outbox_events o
     WHERE o.sent_at IS NULL AND o.status = 'PENDING'
       AND (o.locked_until IS NULL OR o.locked_until < now())
       AND NOT EXISTS (
         SELECT 1 FROM outbox_events e
          WHERE e.aggregate_id = o.aggregate_id AND e.sent_at IS NULL
            AND (e.aggregate_version, e.position) < (o.aggregate_version, o.position))
     ORDER BY o.created_at, o.position
     LIMIT $1
     FOR UPDATE SKIP LOCKED),
  claimed AS (
    UPDATE outbox_events t
       SET locked_until = now() + make_interval(secs => $2::double precision / 1000), attempts = t.attempts + 1
      FROM heads WHERE t.id = heads.id
    RETURNING t.id, t.event_type, t.payload, t.trace_id, t.attempts, t.created_at)
  SELECT id, event_type, payload, trace_id, attempts,
         (extract(epoch FROM (clock_timestamp() - created_at)) * 1000)::double precision AS lag_ms
    FROM claimed`;

/** The events in $1 were confirmed by the broker. */
export const MARK_SENT = `UPDATE outbox_events SET sent_at = now(), status = 'SENT', locked_until = NULL, last_error = NULL WHERE id = ANY($1::uuid[])`;

/**
 * The events in $1 failed, each with its error ($3): parked ($4; unroutable for good, set aside until an operator
 * requeues it), or tried again after its delay ($2, ms). One statement for a pass's failures, however many.
 */
export const SETTLE_FAILURES = `
  UPDATE outbox_events o
     SET status = CASE WHEN f.park THEN 'FAILED' ELSE o.status END,
         locked_until = CASE WHEN f.park THEN NULL ELSE now() + make_interval(secs => f.delay_ms / 1000) END,
         last_error = f.error
    FROM unnest($1::uuid[], $2::double precision[], $3::text[], $4::boolean[]) AS f(id, delay_ms, error, park)
   WHERE o.id = f.id`;

/** Up to $2 events sent more than $1 ms ago. */
export const DELETE_SENT = `
  DELETE FROM outbox_events WHERE id IN (
    SELECT id FROM outbox_events WHERE sent_at < now() - make_interval(secs => $1::double precision / 1000) LIMIT $2)`;
