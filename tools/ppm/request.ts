import { randomUUID } from 'node:crypto';
import { natsCredentialsFromEnv, NatsRequester } from '@ppm/messaging';
import { command } from '../cli/command';
import { print } from '../cli/output';
import { UsageError } from '../cli/usage-error';

const DEMO_TENANT = '00000000-0000-4000-8000-000000000001';

export const requestCommand = command({
  name: 'request',
  summary: "sends one NATS request in the contract's envelope and prints the reply",
  synopsis: "<subject> ['<data json>'] [--tenant <uuid>] [--user <id>] [--key <idempotency key>]",
  details: "e.g. npm run ppm -- request ppm.command.system.ping '{}'",
  arguments: [
    { name: 'subject', required: true },
    { name: 'data json', required: false },
  ],
  options: {
    tenant: { type: 'string', help: `the tenant the request is for (default the demo tenant ${DEMO_TENANT})` },
    user: { type: 'string', help: 'the user id the request carries' },
    key: { type: 'string', help: 'the idempotency key the request carries' },
  },
  async run(options, [subject = '', json = '{}']) {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch {
      throw new UsageError(`the data is not JSON: ${json}`);
    }
    const nats = await NatsRequester.connect({
      url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
      name: 'ppm-cli',
      requestTimeoutMs: Number(process.env['NATS_REQUEST_TIMEOUT_MS'] ?? 30_000),
      credentials: natsCredentialsFromEnv('caller'),
    });
    try {
      const reply = await nats.request(subject, data, {
        tenantId: options.tenant ?? DEMO_TENANT,
        userId: options.user,
        idempotencyKey: options.key,
        traceId: `cli-${randomUUID().slice(0, 8)}`,
      });
      print(JSON.stringify(reply, null, 2));
      if (!reply.success) process.exitCode = 1;
    } finally {
      await nats.onApplicationShutdown();
    }
  },
});
