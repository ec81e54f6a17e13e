import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const TENANT = '6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const nowSeconds = NOW / 1000;
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function hs256(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = { alg: 'HS256' }) {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  sub: 'user-1',
  tenantId: TENANT,
  roles: ['ppm.viewer'],
  exp: nowSeconds + 600,
  ...extra,
});

function refusal(verify: () => unknown): string {
  try {
    verify();
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('JwtVerifier', () => {
  const hs = new JwtVerifier({ algorithm: 'HS256', secret: SECRET, leewaySeconds: 30 }, () => NOW);

  it('accepts a well-signed HS256 token and reads subject, tenant and roles', () => {
    expect(hs.verify(hs256(claims({ roles: ['ppm.operator', 'something.else'] })))).toEqual({
      kind: 'user',
      subject: 'user-1',
      tenantId: TENANT,
      roles: ['ppm.operator'],
    });
  });

  it('accepts the tenant as tenant_id too', () => {
    expect(hs.verify(hs256(claims({ tenantId: undefined, tenant_id: TENANT }))).tenantId).toBe(TENANT);
  });

  it('refuses an expired token beyond the leeway, and accepts one within it', () => {
    expect(refusal(() => hs.verify(hs256(claims({ exp: nowSeconds - 31 }))))).toBe('expired');
    expect(hs.verify(hs256(claims({ exp: nowSeconds - 29 }))).subject).toBe('user-1');
  });

  it('checks iss and aud when they are configured: a token minted for another application is refused', () => {
    const scoped = new JwtVerifier(
      { algorithm: 'HS256', secret: SECRET, leewaySeconds: 0, issuer: 'https://idp.example', audience: 'ppm' },
      () => NOW,
    );
    const issued = { iss: 'https://idp.example' };

    expect(scoped.verify(hs256(claims({ ...issued, aud: 'ppm' }))).subject).toBe('user-1');
    expect(scoped.verify(hs256(claims({ ...issued, aud: ['billing', 'ppm'] }))).subject).toBe('user-1');
    expect(refusal(() => scoped.verify(hs256(claims({ ...issued, aud: 'billing' }))))).toBe('wrong aud');
    expect(refusal(() => scoped.verify(hs256(claims(issued))))).toBe('wrong aud');
    expect(refusal(() => scoped.verify(hs256(claims({ iss: 'https://other.example', aud: 'ppm' }))))).toBe('wrong iss');
    // Unconfigured, neither claim is looked at.
    expect(hs.verify(hs256(claims({ iss: 'anyone', aud: 'anything' }))).subject).toBe('user-1');
  });

  it('refuses a token without exp, and one not valid yet', () => {
    expect(refusal(() => hs.verify(hs256(claims({ exp: undefined }))))).toBe('no exp');
    expect(refusal(() => hs.verify(hs256(claims({ nbf: nowSeconds + 120 }))))).toBe('not yet valid');
  });

  it('refuses a forged signature and a tampered payload', () => {
    expect(refusal(() => hs.verify(hs256(claims(), 'another-secret-of-at-least-thirty-two-chars')))).toBe(
      'signature mismatch',
    );
    const [header, , signature] = hs256(claims()).split('.');
    const tampered = `${header}.${b64(claims({ roles: ['ppm.admin'] }))}.${signature}`;
    expect(refusal(() => hs.verify(tampered))).toBe('signature mismatch');
  });

  it('refuses alg none and any alg other than the configured one', () => {
    const none = `${b64({ alg: 'none' })}.${b64(claims())}.`;
    expect(refusal(() => hs.verify(none))).toBe('alg none');
    expect(refusal(() => hs.verify(hs256(claims(), SECRET, { alg: 'HS512' })))).toBe('alg HS512');
  });

  it('refuses tokens without a tenant UUID, a subject or roles', () => {
    expect(refusal(() => hs.verify(hs256(claims({ tenantId: 'acme' }))))).toBe('no tenant');
    expect(refusal(() => hs.verify(hs256(claims({ sub: '' }))))).toBe('no sub');
    expect(refusal(() => hs.verify(hs256(claims({ roles: 'ppm.admin' }))))).toBe('no roles');
  });

  it('refuses what is not a compact JWS', () => {
    expect(refusal(() => hs.verify('abc'))).toBe('not a compact JWS');
    expect(refusal(() => hs.verify('a.b.c'))).toBe('header is not a JSON object');
  });

  describe('RS256', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const rs = new JwtVerifier({ algorithm: 'RS256', publicKey: pem, leewaySeconds: 0 }, () => NOW);
    const rs256 = (value: Record<string, unknown>): string => {
      const input = `${b64({ alg: 'RS256' })}.${b64(value)}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    };

    it('accepts a token signed by the private key', () => {
      expect(rs.verify(rs256(claims())).tenantId).toBe(TENANT);
    });

    it('refuses another key pair and an expired token', () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      const input = `${b64({ alg: 'RS256' })}.${b64(claims())}`;
      const forged = `${input}.${sign('sha256', Buffer.from(input), other).toString('base64url')}`;
      expect(refusal(() => rs.verify(forged))).toBe('signature mismatch');
      expect(refusal(() => rs.verify(rs256(claims({ exp: nowSeconds - 1 }))))).toBe('expired');
    });

    it('refuses HS256 signed with the public key as secret (algorithm confusion)', () => {
      expect(refusal(() => rs.verify(hs256(claims(), pem)))).toBe('alg HS256');
    });
  });
});
