import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';

/** The routing key of the billing context's TenantDataDeletionRequested. */
export const TENANT_DELETION_KEY = 'bum.tenant.data-deletion-requested.v1';

/**
 * Publishes TenantDataDeletionRequested to `exchange` as the billing context does (`amqpUrl` is its own user, the
 * only one allowed to): persistent, confirmed, id as messageId. Resolves with the event's id.
 */
export async function publishTenantDeletion(
  amqpUrl: string,
  exchange: string,
  tenantId: string,
  eventId: string = randomUUID(),
): Promise<string> {
  const connection = await connect(amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const body = {
      id: eventId,
      type: 'TenantDataDeletionRequested',
      occurredAt: new Date().toISOString(),
      data: { tenantId, requestedBy: 'billing' },
    };
    await new Promise<void>((resolve, reject) =>
      channel.publish(
        exchange,
        TENANT_DELETION_KEY,
        Buffer.from(JSON.stringify(body)),
        { persistent: true, mandatory: true, messageId: eventId, contentType: 'application/json' },
        (error: unknown) => (error ? reject(new Error('TenantDataDeletionRequested not confirmed')) : resolve()),
      ),
    );
    return eventId;
  } finally {
    await connection.close();
  }
}
