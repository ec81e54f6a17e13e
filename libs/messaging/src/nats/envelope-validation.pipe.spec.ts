import { ContractError, ProcessRefundRequest } from '@ppm/contracts';
import { EnvelopeValidationPipe } from './envelope-validation.pipe';

const pipe = new EnvelopeValidationPipe(ProcessRefundRequest);
const meta = { tenantId: '6f1c2a8e-0000-4000-8000-000000000001', traceId: 'trace-0001' };
const data = { transactionId: '0b9f7c1e-1111-4222-8333-444455556666', amount: 50_000, reason: 'returned' };

const refusal = (value: unknown): ContractError => {
  try {
    pipe.transform(value);
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('EnvelopeValidationPipe', () => {
  it('passes a valid envelope through as typed DTOs', () => {
    const envelope = pipe.transform({ meta, data });
    expect(envelope.data).toBeInstanceOf(ProcessRefundRequest);
    expect(envelope.data.amount).toBe(50_000);
  });

  it('names every bad field, in meta and in data, with VALIDATION_ERROR', () => {
    const error = refusal({ meta: { ...meta, tenantId: 'tenant-a' }, data: { ...data, amount: 10.5, reason: '' } });
    expect(error.code).toBe('VALIDATION_ERROR');
    const fields = (error.details as { fields: { field: string }[] }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['data.amount', 'data.reason', 'meta.tenantId']);
  });

  it('refuses unknown fields and a request that is not an envelope at all', () => {
    expect(refusal({ meta, data: { ...data, refundEverything: true } }).message).toContain('data.refundEverything');
    const fields = (refusal('not json').details as { fields: { field: string }[] }).fields.map((f) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['meta.tenantId', 'meta.traceId', 'data.transactionId', 'data.amount']),
    );
  });
});
