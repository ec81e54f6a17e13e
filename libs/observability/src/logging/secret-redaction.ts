/** Keys whose values never reach a log line, at any depth, compared without case. */
const SECRET_KEYS = new Set(
  [
    'password',
    'pass',
    'secret',
    'secretKey',
    'hashSecret',
    'key1',
    'key2',
    'accessKey',
    'credentials',
    'authorization',
    'x-api-key',
    'apiKey',
    'token',
    'cardNumber',
    'notificationSecret',
  ].map((key) => key.toLowerCase()),
);

const CENSOR = '[redacted]';
// Deeper than any object PPM logs; past it a value is cut rather than walked (a cyclic or hostile object).
const MAX_DEPTH = 12;

/**
 * A copy of `value` with every secret-named field censored, however deep it sits. pino's own redaction matches
 * fixed paths only (`*.password` is one level deep), and a gateway answer or request body can nest anywhere.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (!isPlain(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      SECRET_KEYS.has(key.toLowerCase()) ? CENSOR : redactSecrets(child, depth + 1),
    ]),
  );
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
