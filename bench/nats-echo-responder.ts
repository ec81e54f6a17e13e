// The NATS ceiling's responder: answers every request on the echo subject with a ~100 B JSON reply and nothing
// else, in its own process (like a PPM service would be), in a queue group like PPM's services.
import { connect } from 'nats';
import { natsAuthOptions } from '@ppm/messaging';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';
import { ECHO_SUBJECT } from './bench-scenario';

async function main(): Promise<void> {
  const nats = await connect({
    servers: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    name: 'ppm-bench-echo',
    ...natsAuthOptions(DEV_BUS_IDENTITIES.bench),
  });
  const reply = new TextEncoder().encode(
    JSON.stringify({ success: true, data: { id: '00000000-0000-4000-8000-000000000000', status: 'SUCCEEDED' } }),
  );
  nats.subscribe(ECHO_SUBJECT, { queue: 'ppm-bench-echo', callback: (_error, message) => message.respond(reply) });
  await nats.flush();
  process.send?.('ready');
  process.once('SIGTERM', () => void nats.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`nats echo responder failed: ${String(error)}\n`);
  process.exit(1);
});
