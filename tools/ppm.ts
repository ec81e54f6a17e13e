// `npm run ppm -- <command>`: a small operator's CLI. Commands:
//   request <subject> '<data json>' [--tenant <uuid>] [--user <id>] [--key <idempotency key>]
//     sends one NATS request in the contract's envelope and prints the reply, e.g.
//     npm run ppm -- request ppm.command.system.ping '{}'
import { randomUUID } from 'node:crypto';
import { NatsRequester } from '@ppm/messaging';

const DEMO_TENANT = '00000000-0000-4000-8000-000000000001';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

async function request(args: string[]): Promise<void> {
  const [subject, json = '{}'] = args;
  if (!subject) throw new Error("usage: request <subject> '<data json>' [--tenant <uuid>] [--user <id>] [--key <key>]");
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error(`the data is not JSON: ${json}`);
  }
  const nats = await NatsRequester.connect({
    url: process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    name: 'ppm-cli',
    requestTimeoutMs: Number(process.env['NATS_REQUEST_TIMEOUT_MS'] ?? 30_000),
  });
  try {
    const reply = await nats.request(subject, data, {
      tenantId: option(args, 'tenant') ?? DEMO_TENANT,
      userId: option(args, 'user'),
      idempotencyKey: option(args, 'key'),
      traceId: `cli-${randomUUID().slice(0, 8)}`,
    });
    process.stdout.write(`${JSON.stringify(reply, null, 2)}\n`);
  } finally {
    await nats.onApplicationShutdown();
  }
}

async function main([command, ...args]: string[]): Promise<void> {
  if (command === 'request') return request(args);
  throw new Error(`unknown command ${command ?? '(none)'}; try: request <subject> '<data json>'`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ppm: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
