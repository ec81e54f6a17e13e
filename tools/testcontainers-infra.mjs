// Used by tools/test.sh when a Docker engine answers: starts the four servers with Testcontainers and prints
// `export VAR=...` lines for the tests; `stop` removes them. Plain ESM outside jest (testcontainers loads ESM-only
// helpers that jest's CommonJS runtime cannot).
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { GenericContainer, Wait, getContainerRuntimeClient } from 'testcontainers';

const STATE = new URL('../tmp/testcontainers.json', import.meta.url);
// PPM's users and permissions on NATS and RabbitMQ (docs/bus-identity.md), as tools/infra.sh and docker-compose.yml.
const bus = (file) => new URL(`./bus/${file}`, import.meta.url).pathname;

async function start() {
  const log = (message) => process.stderr.write(`[testcontainers] ${message}\n`);
  log('starting postgres:15, redis:7, rabbitmq:3.10, nats:2.9 ...');
  const [postgres, redis, rabbitmq, nats] = await Promise.all([
    new GenericContainer('postgres:15')
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres', POSTGRES_DB: 'ppm' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start(),
    new GenericContainer('redis:7')
      .withExposedPorts(6379)
      .withWaitStrategy(Wait.forLogMessage('Ready to accept connections'))
      .start(),
    new GenericContainer('rabbitmq:3.10')
      .withCopyFilesToContainer([
        { source: bus('rabbitmq-definitions.json'), target: '/etc/rabbitmq/ppm-definitions.json' },
        { source: bus('rabbitmq-ppm.conf'), target: '/etc/rabbitmq/conf.d/20-ppm.conf' },
      ])
      .withExposedPorts(5672)
      .withWaitStrategy(Wait.forLogMessage('Server startup complete'))
      .start(),
    new GenericContainer('nats:2.9')
      .withCopyFilesToContainer([{ source: bus('nats-users.conf'), target: '/etc/nats/ppm-users.conf' }])
      .withCommand(['-c', '/etc/nats/ppm-users.conf'])
      .withExposedPorts(4222)
      .withWaitStrategy(Wait.forLogMessage('Server is ready'))
      .start(),
  ]);
  writeFileSync(STATE, JSON.stringify([postgres, redis, rabbitmq, nats].map((c) => c.getId())));
  const host = postgres.getHost();
  log('all four answer');
  console.log(`export DATABASE_URL=postgres://postgres:postgres@${host}:${postgres.getMappedPort(5432)}/ppm`);
  console.log(`export REDIS_URL=redis://${host}:${redis.getMappedPort(6379)}`);
  console.log(`export AMQP_URL=amqp://guest:guest@${host}:${rabbitmq.getMappedPort(5672)}`);
  console.log(`export NATS_URL=nats://${host}:${nats.getMappedPort(4222)}`);
  // Keep the containers after this process exits; `stop` removes them.
  process.exit(0);
}

async function stop() {
  const ids = JSON.parse(readFileSync(STATE, 'utf8'));
  const client = await getContainerRuntimeClient();
  await Promise.all(
    ids.map((id) =>
      client.container
        .getById(id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  rmSync(STATE, { force: true });
}

const command = process.argv[2];
if (command === 'start') await start();
else if (command === 'stop') await stop();
else throw new Error('usage: testcontainers-infra.mjs start|stop');
