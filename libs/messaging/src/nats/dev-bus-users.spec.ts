import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueGroups, Subjects, WorkerOnlyCommands, WorkerServedSubjects } from '@ppm/contracts';
import { DEV_BUS_IDENTITIES } from '@ppm/observability';

const BUS = join(__dirname, '..', '..', '..', '..', 'tools', 'bus');
const natsConfig = readFileSync(join(BUS, 'nats-users.conf'), 'utf8');
const definitions = JSON.parse(readFileSync(join(BUS, 'rabbitmq-definitions.json'), 'utf8')) as {
  users: { name: string; password_hash: string }[];
  permissions: { user: string; configure: string; write: string; read: string }[];
};

/** The body of one user's block in the NATS config. */
function natsUser(user: string): string {
  const start = natsConfig.indexOf(`user: ${user}\n`);
  if (start < 0) throw new Error(`no NATS user ${user}`);
  const end = natsConfig.indexOf('\n    }\n', start);
  return natsConfig.slice(start, end);
}

/** Whether `password` opens a RabbitMQ sha256 hash (4 bytes of salt, then sha256(salt + password)). */
function opens(hash: string, password: string): boolean {
  const bytes = Buffer.from(hash, 'base64');
  const salt = bytes.subarray(0, 4);
  return createHash('sha256')
    .update(Buffer.concat([salt, Buffer.from(password)]))
    .digest()
    .equals(bytes.subarray(4));
}

const PUBLIC_COMMANDS = natsConfig.slice(natsConfig.indexOf('PUBLIC_COMMANDS: ['), natsConfig.indexOf(']'));

// The apps' development defaults and the servers' users are written in two places (TypeScript, tools/bus/): a
// mismatch would only show as an app refused at start, so it is caught here.
describe('the development bus users', () => {
  it.each(['command', 'query', 'worker', 'gateway', 'caller', 'notifier', 'bench'] as const)(
    'NATS knows %s with the password the apps default to',
    (role) => {
      const { user, password } = DEV_BUS_IDENTITIES[role];
      expect(natsUser(user)).toContain(`password: ${password}\n`);
    },
  );

  it.each(['command', 'query', 'worker', 'caller', 'operator', 'billing'] as const)(
    'RabbitMQ knows %s with the password the apps default to',
    (role) => {
      const { user, password } = DEV_BUS_IDENTITIES[role];
      const found = definitions.users.find((u) => u.name === user);
      expect(found && opens(found.password_hash, password)).toBe(true);
    },
  );

  it('lets only the worker publish the settling commands, and callers every public command and query', () => {
    const publicSubjects = [...Object.values(Subjects.command), ...Object.values(Subjects.query)].filter(
      (subject) => !WorkerOnlyCommands.includes(subject),
    );
    for (const subject of WorkerOnlyCommands) {
      expect(natsUser('ppm-worker')).toContain(`"${subject}"`);
      expect(PUBLIC_COMMANDS).not.toContain(`"${subject}"`);
    }
    for (const subject of publicSubjects) {
      const listed = PUBLIC_COMMANDS.includes(`"${subject}"`) || subject.startsWith('ppm.query.');
      expect({ subject, listed }).toEqual({ subject, listed: true });
    }
    expect(PUBLIC_COMMANDS).toContain('"ppm.query.>"');
  });

  it('lets the worker answer its operator actions in its own queue group', () => {
    for (const subject of WorkerServedSubjects) {
      expect(natsUser('ppm-worker')).toContain(`"${subject} ${QueueGroups.worker}"`);
    }
  });

  it('lets only the billing context write to bum.events', () => {
    const writers = definitions.permissions.filter((p) => new RegExp(p.write).test('bum.events'));
    expect(writers.map((p) => p.user).sort()).toEqual(['bum-billing', 'guest']);
  });
});
