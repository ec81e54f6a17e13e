import { createHmac } from 'node:crypto';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs a JWT the way an identity provider would, independently of the gateway's own code (`alg: 'none'` gives an
 * unsigned token, for the refusal tests).
 */
export function signTestToken(claims: Record<string, unknown>, secret: string, alg = 'HS256'): string {
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(claims)}`;
  return alg === 'none' ? `${input}.` : `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
