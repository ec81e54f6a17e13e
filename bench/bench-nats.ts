// The bench's own NATS requests to PPM, as an internal caller.
import { randomUUID } from 'node:crypto';
import { JSONCodec, type NatsConnection } from 'nats';
import { servers } from './bench-settings';

const codec = JSONCodec();

/** Sends a request as the caller of `tenantId` and returns its reply data, or throws the reply's error. */
export async function natsRequest<T>(
  nats: NatsConnection,
  subject: string,
  tenantId: string,
  data: unknown,
): Promise<T> {
  const message = await nats.request(subject, codec.encode({ meta: { tenantId, traceId: randomUUID() }, data }), {
    timeout: 30_000,
  });
  const reply = codec.decode(message.data) as { success: boolean; data: T; error?: unknown };
  if (!reply.success) throw new Error(`${subject} failed: ${JSON.stringify(reply.error)}`);
  return reply.data;
}

/** The apps that would answer our NATS subjects: `npm start`'s, on the same NATS, would share our queue groups. */
export async function refuseForeignResponders(nats: NatsConnection): Promise<void> {
  const answered = await nats
    .request('ppm.query.system.ping', codec.encode({ meta: { tenantId: randomUUID(), traceId: 'bench' }, data: {} }), {
      timeout: 1_000,
    })
    .then(
      () => true,
      () => false,
    );
  if (answered) {
    throw new Error(
      `PPM services already answer on ${servers.natsUrl} (\`npm start\`? another run?): they would share the bench's ` +
        'queue groups. Stop them (`npm stop`) or point NATS_URL at a NATS of the bench.',
    );
  }
}
