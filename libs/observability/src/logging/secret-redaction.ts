// A key is secret when, lowercased without `_` and `-`, it contains one of these (JWT_SECRET, client_secret,
// privateKey, set-cookie, X-Api-Key, refreshToken) or is one of the gateways' own credential names.
const SECRET_FRAGMENTS = [
  'secret',
  'password',
  'passwd',
  'token',
  'privatekey',
  'apikey',
  'authorization',
  'cookie',
  'credential',
];
const SECRET_NAMES = new Set(['pass', 'key1', 'key2', 'accesskey', 'hashsecret', 'secretkey', 'cardnumber']);

const CENSOR = '[redacted]';
// Deeper than any object PPM logs; past it a value is cut rather than walked (a cyclic or hostile object).
const MAX_DEPTH = 12;

/** Whether a field of this name holds a secret, whatever its case and separators. */
function isSecretKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_NAMES.has(normalized) || SECRET_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

/**
 * A copy of `value` with every secret-named field censored, however deep it sits. pino's own redaction matches
 * fixed paths only (`*.password` is one level deep), and a gateway answer or request body can nest anywhere.
 * An Error stays an Error (pino's serializer wants its message, stack and type) with its own fields censored:
 * the serializer copies them, and a driver's error can carry the request or config that failed.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Error) return redactError(value, depth);
  if (!isPlain(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [key, isSecretKey(key) ? CENSOR : redactSecrets(child, depth + 1)]),
  );
}

function redactError(error: Error, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  Object.defineProperties(copy, {
    message: { value: error.message, writable: true, configurable: true },
    stack: { value: error.stack, writable: true, configurable: true },
  });
  if ('cause' in error) {
    Object.defineProperty(copy, 'cause', {
      value: redactSecrets(error.cause, depth + 1),
      writable: true,
      configurable: true,
    });
  }
  for (const [key, child] of Object.entries(error)) {
    (copy as unknown as Record<string, unknown>)[key] = isSecretKey(key) ? CENSOR : redactSecrets(child, depth + 1);
  }
  return copy;
}

function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
