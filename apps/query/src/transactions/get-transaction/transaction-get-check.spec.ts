import fc from 'fast-check';
import { GetTransactionRequest } from '@ppm/contracts';
import { EnvelopeValidationPipe } from '@ppm/messaging';
import { checkTransactionGet } from './transaction-get-check';

const pipe = new EnvelopeValidationPipe(GetTransactionRequest);
const tenantId = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const transactionId = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const valid = { meta: { tenantId, traceId: 'trace-0001' }, data: { transactionId } };

// Envelopes near the valid one: each part valid, odd or wrong, so both answers of the check come up often.
const text = fc.oneof(fc.uuid(), fc.string({ maxLength: 70 }), fc.constantFrom('', 'trace-0001', 'x'.repeat(256)));
const value = fc.oneof(text, fc.constant(undefined), fc.constant(null), fc.integer(), fc.constant([]), fc.constant({}));
const meta = fc.record(
  {
    tenantId: fc.oneof(fc.uuid(), value),
    traceId: fc.oneof(fc.stringMatching(/^[\w-]{8,64}$/), value),
    userId: value,
    idempotencyKey: value,
    extra: value,
  },
  { requiredKeys: [] },
);
const data = fc.record({ transactionId: fc.oneof(fc.uuid(), value), extra: value }, { requiredKeys: [] });
const envelope = fc.oneof(fc.record({ meta, data }), fc.record({ meta: value, data }), value);

describe('checkTransactionGet', () => {
  it('takes a well-formed request: its tenant and transaction', () => {
    expect(checkTransactionGet(valid)).toEqual({ tenantId, transactionId });
    const full = { ...valid, meta: { ...valid.meta, userId: 'user-1', idempotencyKey: 'k' } };
    expect(checkTransactionGet(full)).toEqual({ tenantId, transactionId });
  });

  it('declines what the validation pipe refuses, leaving it to name the bad fields', () => {
    const declined = [
      undefined,
      [],
      { ...valid, data: { transactionId, status: 'SUCCEEDED' } },
      { ...valid, data: { transactionId: 'not-a-uuid' } },
      { ...valid, meta: { tenantId, traceId: 'short' } },
      { ...valid, meta: { tenantId, traceId: 'trace-0001', role: 'admin' } },
      { ...valid, meta: { ...valid.meta, userId: 'u'.repeat(201) } },
      { meta: [tenantId], data: { transactionId } },
    ];
    for (const candidate of declined) expect(checkTransactionGet(candidate)).toBeUndefined();
  });

  it('accepts only envelopes the validation pipe accepts, asking for the same tenant and transaction', () => {
    fc.assert(
      fc.property(envelope, (candidate) => {
        const ask = checkTransactionGet(candidate);
        if (!ask) return;
        const validated = pipe.transform(candidate);
        expect({ tenantId: validated.meta.tenantId, transactionId: validated.data.transactionId }).toEqual(ask);
      }),
      { numRuns: 2_000 },
    );
  });
});
