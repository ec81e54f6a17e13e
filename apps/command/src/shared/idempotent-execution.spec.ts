import { randomBytes } from 'node:crypto';
import { ErrorCode, fail, ok, type Reply, type RequestMeta } from '@ppm/contracts';
import * as persistence from '@ppm/persistence';
import { CredentialCipher, requestFingerprint, type IdempotencyClaim, type IdempotencyStore } from '@ppm/persistence';
import { KEY_TAKEN_REPLY } from './claimed-key';
import { IdempotentCommand } from './idempotent-command';
import { IdempotentExecution } from './idempotent-execution';
import { OutcomeNotRecordedError } from './outcome-not-recorded.error';

jest.mock('@ppm/persistence', () => {
  const actual = jest.requireActual<typeof persistence>('@ppm/persistence');
  return { ...actual, requestFingerprint: jest.fn(actual.requestFingerprint) };
});

/** Keys in memory, as the Postgres store keeps them: the first fingerprint and reply per key. */
function memoryStore(fingerprints: string[]): IdempotencyStore {
  const keys = new Map<string, { fingerprint: string; reply?: unknown }>();
  return {
    claim: ({ key }: { key: string }, fingerprint: string): Promise<IdempotencyClaim> => {
      fingerprints.push(fingerprint);
      const stored = keys.get(key);
      if (!stored) keys.set(key, { fingerprint });
      if (!stored) return Promise.resolve({ kind: 'claimed' });
      if (stored.fingerprint !== fingerprint) return Promise.resolve({ kind: 'reused' });
      return Promise.resolve({ kind: 'replay', reply: stored.reply });
    },
    complete: ({ key }: { key: string }, reply: unknown) => {
      keys.set(key, { ...(keys.get(key) as { fingerprint: string }), reply });
      return Promise.resolve();
    },
    release: () => Promise.resolve(),
  } as unknown as IdempotencyStore;
}

class SomeCommand extends IdempotentCommand<object, Reply<{ run: number }>> {}
class SecretIssuingCommand extends IdempotentCommand<object, Reply<{ id: string; secret: string }>> {}

const meta = { tenantId: 't-1', idempotencyKey: 'k-1', traceId: 'trace-1' } as RequestMeta;
const configuration = (secretKey: string) => ({
  name: 'MoMo',
  credentials: { partnerCode: 'P', accessKey: 'A', secretKey },
});

describe('IdempotentExecution', () => {
  const cipher = CredentialCipher.fromKeyring(`k1:${randomBytes(32).toString('base64')}`);
  const rule = { scope: 'subject', secretFields: ['credentials'] };
  let fingerprints: string[];
  let execution: IdempotentExecution;
  let runs: SomeCommand[];
  const execute = (command: SomeCommand) => () => {
    runs.push(command);
    return Promise.resolve(ok({ run: runs.length }));
  };
  const run = (command: SomeCommand) => execution.run(rule, command, execute(command));

  beforeEach(() => {
    fingerprints = [];
    runs = [];
    execution = new IdempotentExecution(memoryStore(fingerprints), cipher);
    jest.mocked(requestFingerprint).mockClear();
  });

  it('never stores a plain hash of credentials, yet tells two different secrets apart', async () => {
    for (const secret of ['secret-one', 'secret-two']) {
      await run(new SomeCommand({ ...meta, idempotencyKey: secret }, configuration(secret)));
    }
    expect(fingerprints[0]).not.toBe(requestFingerprint(configuration('secret-one')));
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
    await run(new SomeCommand({ ...meta, idempotencyKey: 'secret-one' }, configuration('secret-one')));
    expect(fingerprints[2]).toBe(fingerprints[0]);
  });

  it('fingerprints a request once and hands the claimed key, with that fingerprint, to the command', async () => {
    const command = new SomeCommand(meta, configuration('secret'));

    await run(command);

    expect(requestFingerprint).toHaveBeenCalledTimes(1);
    expect(command.claimedKey).toMatchObject({
      id: { tenantId: 't-1', scope: 'subject', key: 'k-1' },
      fingerprint: fingerprints[0],
      interruptedPaymentId: null,
    });
    expect(command.claimedKey?.held).toBe(true);
  });

  it('replays the first reply to the same body and refuses another body without running it', async () => {
    const first = await run(new SomeCommand(meta, configuration('secret')));

    const replayed = await run(new SomeCommand(meta, configuration('secret')));
    const otherSecret = await run(new SomeCommand(meta, configuration('another secret')));
    const otherBody = await run(new SomeCommand(meta, { ...configuration('secret'), name: 'MoMo 2' }));

    expect(replayed).toEqual(first);
    for (const refused of [otherSecret, otherBody]) {
      expect(refused).toMatchObject({ success: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    }
    expect(runs).toHaveLength(1);
  });

  it('stores a secret of the reply only sealed, and replays it opened', async () => {
    const stored: unknown[] = [];
    const store = memoryStore(fingerprints);
    const complete = store.complete.bind(store);
    store.complete = (id, reply) => {
      stored.push(reply);
      return complete(id, reply);
    };
    execution = new IdempotentExecution(store, cipher);
    const secretRule = { scope: 'subject', secretReplyFields: ['secret'] };
    const reply = ok({ id: 'e-1', secret: 'whsec_c2VjcmV0' });
    const command = () => new SecretIssuingCommand(meta, { url: 'https://shop.example/hooks' });

    const first = await execution.run(secretRule, command(), () => Promise.resolve(reply));
    const replayed = await execution.run(secretRule, command(), () => Promise.reject(new Error('ran twice')));

    expect(first).toEqual(reply);
    expect(replayed).toEqual(reply);
    expect(JSON.stringify(stored)).not.toContain('c2VjcmV0');
    expect(stored).toHaveLength(1);
    expect(typeof (stored[0] as { data: { secret: unknown } }).data.secret).toBe('object');
  });

  it('runs a command without a key as it is, claiming nothing', async () => {
    const command = new SomeCommand({ ...meta, idempotencyKey: undefined }, configuration('secret'));

    expect(await run(command)).toEqual(ok({ run: 1 }));
    expect(fingerprints).toEqual([]);
    expect(command.claimedKey).toBeNull();
  });

  it('does not answer "retry" when the command ran but its reply could not be stored', async () => {
    const store = memoryStore(fingerprints);
    store.complete = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    execution = new IdempotentExecution(store, cipher);
    const failure = await run(new SomeCommand(meta, {})).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OutcomeNotRecordedError);
    expect(persistence.databaseUnreachable(failure)).toBe(false);
    expect(runs).toHaveLength(1);
  });

  describe('for a command whose first write claims its key', () => {
    const firstWrite = { scope: 'subject', claimedByFirstWrite: true };
    let store: IdempotencyStore;
    let calls: string[];

    beforeEach(() => {
      calls = [];
      store = memoryStore(fingerprints);
      for (const method of ['claim', 'complete', 'release'] as const) {
        const original = store[method].bind(store) as (...args: unknown[]) => Promise<never>;
        store[method] = ((...args: unknown[]) => {
          calls.push(method);
          return original(...args);
        }) as never;
      }
      execution = new IdempotentExecution(store, cipher);
    });

    it('makes no round trip of its own when the writes claimed the key and stored the reply', async () => {
      const command = new SomeCommand(meta, {});
      const reply = await execution.run(firstWrite, command, () => {
        command.claimedKey?.claimedByWrite();
        command.claimedKey?.completedByWrite();
        return Promise.resolve(ok({ run: 1 }));
      });

      expect(reply).toEqual(ok({ run: 1 }));
      expect(calls).toEqual([]);
    });

    it('stores the reply itself when the writes claimed the key but stored no reply', async () => {
      const command = new SomeCommand(meta, {});
      await execution.run(firstWrite, command, () => {
        command.claimedKey?.claimedByWrite();
        return Promise.resolve(ok({ run: 1 }));
      });

      expect(calls).toEqual(['complete']);
    });

    it("keeps a refusal made before any write as the key's reply, without running the command again", async () => {
      const command = new SomeCommand(meta, {});
      const held: boolean[] = [];
      const refusal = fail(ErrorCode.PAYMENT_BLOCKED_BY_RISK, 'blocked');
      const reply = await execution.run(firstWrite, command, () => {
        held.push(command.claimedKey?.held ?? false);
        return Promise.resolve(refusal);
      });

      expect(held).toEqual([false]);
      expect(reply).toEqual(refusal);
      expect(calls).toEqual(['claim', 'complete']);
    });

    it('runs again under a key claimed first when its write found the key taken', async () => {
      const command = new SomeCommand(meta, {});
      const held: boolean[] = [];
      const reply = await execution.run(firstWrite, command, () => {
        held.push(command.claimedKey?.held ?? false);
        return Promise.resolve(held.length === 1 ? KEY_TAKEN_REPLY : ok({ run: held.length }));
      });

      expect(held).toEqual([false, true]);
      expect(reply).toEqual(ok({ run: 2 }));
      expect(calls).toEqual(['claim', 'complete']);
    });

    it('never lets go of a key it does not hold when the command throws', async () => {
      const command = new SomeCommand(meta, {});
      const failed = execution.run(firstWrite, command, () => Promise.reject(new Error('database down')));

      await expect(failed).rejects.toThrow('database down');
      expect(calls).toEqual([]);
    });
  });
});
