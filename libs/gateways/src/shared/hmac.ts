import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC of `data` (UTF-8) keyed with `key`, as lowercase hex. */
export function hmacHex(algorithm: 'sha256' | 'sha512', key: string, data: string): string {
  return createHmac(algorithm, key).update(data, 'utf8').digest('hex');
}

/** Compares two hex signatures in constant time, case-insensitively; anything that is not hex never matches. */
export function signaturesMatch(expected: string, received: unknown): boolean {
  if (typeof received !== 'string' || !/^[0-9a-fA-F]+$/.test(received) || received.length !== expected.length) {
    return false;
  }
  return timingSafeEqual(Buffer.from(expected.toLowerCase(), 'hex'), Buffer.from(received.toLowerCase(), 'hex'));
}
