// A hand-written check of `transaction.get`'s request envelope for the cached answer, which runs before Nest's
// validation pipe. It accepts a strict subset of what the pipe accepts (the pipe's spec pins this) and declines
// anything else, leaving it to the pipe, which names every bad field.

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})$/i;
const TRACE_ID = /^[\w-]{8,64}$/;
const META_FIELDS = new Set(['tenantId', 'traceId', 'userId', 'idempotencyKey']);

/** What a valid `transaction.get` asks for. */
export interface TransactionGetAsk {
  tenantId: string;
  transactionId: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalText = (value: unknown, maxLength: number): boolean =>
  value === undefined || (typeof value === 'string' && value.length > 0 && value.length <= maxLength);

function validMeta(meta: unknown): meta is { tenantId: string } {
  if (!isObject(meta) || Object.getPrototypeOf(meta) !== Object.prototype) return false;
  if (!Object.keys(meta).every((key) => META_FIELDS.has(key))) return false;
  return (
    typeof meta['tenantId'] === 'string' &&
    UUID.test(meta['tenantId']) &&
    typeof meta['traceId'] === 'string' &&
    TRACE_ID.test(meta['traceId']) &&
    optionalText(meta['userId'], 200) &&
    optionalText(meta['idempotencyKey'], 255)
  );
}

/** The tenant and transaction of a `transaction.get` envelope the pipe would accept as it is, else undefined. */
export function checkTransactionGet(envelope: unknown): TransactionGetAsk | undefined {
  if (!isObject(envelope) || !validMeta(envelope['meta'])) return undefined;
  const data = envelope['data'];
  if (!isObject(data) || Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  const keys = Object.keys(data);
  const transactionId = data['transactionId'];
  if (keys.length !== 1 || typeof transactionId !== 'string' || !UUID.test(transactionId)) return undefined;
  return { tenantId: envelope['meta'].tenantId, transactionId };
}
