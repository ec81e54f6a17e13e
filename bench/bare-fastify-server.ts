// The HTTP edge's ceiling: a plain Fastify server in a process of its own, answering every GET with one fixed JSON
// body, with none of the edge's work (authentication, rate limits, validation, the NATS request). Forked by the
// ceilings, it reports its port once listening and runs until killed.
import Fastify from 'fastify';

// The NATS echo ceiling's reply, so the two ceilings move the same bytes.
const BODY = JSON.stringify({
  success: true,
  data: { id: '00000000-0000-4000-8000-000000000000', status: 'SUCCEEDED' },
});

async function main(): Promise<void> {
  const server = Fastify({ logger: false });
  server.get('/', (_request, reply) => reply.type('application/json').send(BODY));
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
}

main().catch((error: unknown) => {
  process.stderr.write(`[bare-fastify] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
