import { randomBytes } from 'node:crypto';
import { ok, type RequestEnvelope } from '@ppm/contracts';
import { CredentialCipher, requestFingerprint, type IdempotencyStore } from '@ppm/persistence';
import { IdempotentExecution } from './idempotent-execution';

/** Records the fingerprints the execution claims keys with; every claim succeeds. */
function recordingStore(fingerprints: string[]): IdempotencyStore {
  return {
    claim: (_id: unknown, fingerprint: string) => {
      fingerprints.push(fingerprint);
      return Promise.resolve({ kind: 'claimed' });
    },
    complete: () => Promise.resolve(),
    forget: () => Promise.resolve(),
  } as unknown as IdempotencyStore;
}

const envelope = (secretKey: string): RequestEnvelope<object> => ({
  meta: { tenantId: 't-1', idempotencyKey: 'k-1', traceId: 'trace-1' } as RequestEnvelope<object>['meta'],
  data: { name: 'MoMo', credentials: { partnerCode: 'P', accessKey: 'A', secretKey } },
});

describe('IdempotentExecution fingerprints', () => {
  const cipher = CredentialCipher.fromKeyring(`k1:${randomBytes(32).toString('base64')}`);

  it('never stores a plain hash of credentials, yet tells two different secrets apart', async () => {
    const fingerprints: string[] = [];
    const execution = new IdempotentExecution(recordingStore(fingerprints), cipher);
    for (const secret of ['secret-one', 'secret-two']) {
      await execution.run('subject', envelope(secret), () => Promise.resolve(ok({})), ['credentials']);
    }
    expect(fingerprints[0]).not.toBe(requestFingerprint(envelope('secret-one').data));
    expect(fingerprints[0]).not.toBe(fingerprints[1]);
    await execution.run('subject', envelope('secret-one'), () => Promise.resolve(ok({})), ['credentials']);
    expect(fingerprints[2]).toBe(fingerprints[0]);
  });
});
