import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { InvalidTokenError, JwtVerifier, KeySetUnavailableError, type JwtSettings } from './jwt-verifier';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';
const TENANT = '6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const nowSeconds = NOW / 1000;
const secretKey = (secret = SECRET): KeyObject => createSecretKey(Buffer.from(secret));

const claims = (extra: Record<string, unknown> = {}): JWTPayload => ({
  sub: 'user-1',
  tenantId: TENANT,
  roles: ['ppm.viewer'],
  iat: nowSeconds - 60,
  exp: nowSeconds + 600,
  ...extra,
});

/** A token signed by jose, as an identity provider would; `undefined` claims are left out. */
function sign(
  payload: JWTPayload,
  key: KeyObject | Uint8Array = secretKey(),
  header: { alg: string; kid?: string } = { alg: 'HS256' },
): Promise<string> {
  const defined = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
  return new SignJWT(defined).setProtectedHeader(header).sign(key);
}

async function refusal(verify: Promise<unknown>): Promise<string> {
  try {
    await verify;
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}

const settings = (extra: Partial<JwtSettings> = {}): JwtSettings => ({
  keys: { kind: 'secret', secret: SECRET },
  leewaySeconds: 30,
  maxLifetimeSeconds: 3_600,
  ...extra,
});

describe('JwtVerifier', () => {
  const hs = new JwtVerifier(settings(), () => NOW);

  it('accepts a well-signed HS256 token and reads subject, tenant and roles', async () => {
    await expect(hs.verify(await sign(claims({ roles: ['ppm.operator', 'something.else'] })))).resolves.toEqual({
      kind: 'user',
      subject: 'user-1',
      tenantId: TENANT,
      roles: ['ppm.operator'],
    });
  });

  it('accepts the tenant as tenant_id too', async () => {
    const token = await sign(claims({ tenantId: undefined, tenant_id: TENANT }));
    expect((await hs.verify(token)).tenantId).toBe(TENANT);
  });

  it('refuses an expired token beyond the leeway, and accepts one within it', async () => {
    expect(await refusal(hs.verify(await sign(claims({ exp: nowSeconds - 31 }))))).toBe('expired');
    expect((await hs.verify(await sign(claims({ exp: nowSeconds - 29 })))).subject).toBe('user-1');
  });

  it('refuses a token without exp, and one not valid yet', async () => {
    expect(await refusal(hs.verify(await sign(claims({ exp: undefined }))))).toBe('no exp');
    expect(await refusal(hs.verify(await sign(claims({ nbf: nowSeconds + 120 }))))).toBe('not yet valid');
  });

  it('refuses a token that lives longer than the maximum lifetime, however its iat is set', async () => {
    const overMax = 'lifetime over the maximum';
    const iat = nowSeconds - 10;
    expect((await hs.verify(await sign(claims({ iat, exp: iat + 3_600 })))).subject).toBe('user-1');
    expect(await refusal(hs.verify(await sign(claims({ iat, exp: iat + 3_601 }))))).toBe(overMax);
    // Without iat, or with an iat in the future, exp may not lie further away than the maximum (plus the leeway).
    expect((await hs.verify(await sign(claims({ iat: undefined, exp: nowSeconds + 3_600 })))).subject).toBe('user-1');
    expect(await refusal(hs.verify(await sign(claims({ iat: undefined, exp: nowSeconds + 7_200 }))))).toBe(overMax);
    const future = nowSeconds + 86_400;
    expect(await refusal(hs.verify(await sign(claims({ iat: future, exp: future + 600 }))))).toBe(overMax);
  });

  it('checks iss and aud when they are configured: a token minted for another application is refused', async () => {
    const scoped = new JwtVerifier(settings({ issuer: 'https://idp.example', audience: 'ppm' }), () => NOW);
    const issued = { iss: 'https://idp.example' };

    expect((await scoped.verify(await sign(claims({ ...issued, aud: 'ppm' })))).subject).toBe('user-1');
    expect((await scoped.verify(await sign(claims({ ...issued, aud: ['billing', 'ppm'] })))).subject).toBe('user-1');
    expect(await refusal(scoped.verify(await sign(claims({ ...issued, aud: 'billing' }))))).toBe('wrong aud');
    expect(await refusal(scoped.verify(await sign(claims(issued))))).toBe('no aud');
    expect(await refusal(scoped.verify(await sign(claims({ iss: 'https://other.example', aud: 'ppm' }))))).toBe(
      'wrong iss',
    );
    expect(await refusal(scoped.verify(await sign(claims({ aud: 'ppm' }))))).toBe('no iss');
    // Unconfigured, neither claim is looked at.
    expect((await hs.verify(await sign(claims({ iss: 'anyone', aud: 'anything' })))).subject).toBe('user-1');
  });

  it('refuses a forged signature and a tampered payload', async () => {
    const forged = await sign(claims(), secretKey('another-secret-of-at-least-thirty-two-chars'));
    expect(await refusal(hs.verify(forged))).toBe('signature mismatch');
    const [header, , signature] = (await sign(claims())).split('.');
    const payload = Buffer.from(JSON.stringify(claims({ roles: ['ppm.admin'] }))).toString('base64url');
    expect(await refusal(hs.verify(`${header}.${payload}.${signature}`))).toBe('signature mismatch');
  });

  it('refuses alg none and any alg other than the key’s', async () => {
    const none = new UnsecuredJWT(claims()).encode();
    expect(await refusal(hs.verify(none))).toBe('alg none');
    expect(await refusal(hs.verify(await sign(claims(), secretKey(), { alg: 'HS512' })))).toBe('alg HS512');
  });

  it('refuses tokens without a tenant UUID, a subject or roles', async () => {
    expect(await refusal(hs.verify(await sign(claims({ tenantId: 'acme' }))))).toBe('no tenant');
    expect(await refusal(hs.verify(await sign(claims({ sub: '' }))))).toBe('no sub');
    expect(await refusal(hs.verify(await sign(claims({ roles: 'ppm.admin' }))))).toBe('no roles');
  });

  it('refuses what is not a compact JWS', async () => {
    expect(await refusal(hs.verify('abc'))).toBe('not a compact JWS');
    expect(await refusal(hs.verify('a.b.c'))).toBe('not a compact JWS');
  });

  describe('one public key', () => {
    const pairs = {
      RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
      ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      EdDSA: generateKeyPairSync('ed25519'),
    } as const;
    const verifierOf = (algorithm: keyof typeof pairs): JwtVerifier =>
      new JwtVerifier(
        settings({ keys: { kind: 'public-key', algorithm, publicKey: pairs[algorithm].publicKey } }),
        () => NOW,
      );

    it.each(Object.keys(pairs) as (keyof typeof pairs)[])(
      '%s: accepts a token signed by the private key, refuses another key pair’s',
      async (algorithm) => {
        const verifier = verifierOf(algorithm);
        const token = await sign(claims(), pairs[algorithm].privateKey, { alg: algorithm });
        expect((await verifier.verify(token)).tenantId).toBe(TENANT);
        const other = algorithm === 'RS256' ? pairs.ES256 : pairs.RS256;
        const otherAlg = algorithm === 'RS256' ? 'ES256' : 'RS256';
        expect(await refusal(verifier.verify(await sign(claims(), other.privateKey, { alg: otherAlg })))).toBe(
          `alg ${otherAlg}`,
        );
      },
    );

    it('refuses a token signed by another key of the same type', async () => {
      const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      expect(await refusal(verifierOf('ES256').verify(await sign(claims(), other, { alg: 'ES256' })))).toBe(
        'signature mismatch',
      );
    });

    it('refuses HS256 signed with the RSA public key PEM as the secret (algorithm confusion)', async () => {
      const pem = pairs.RS256.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const confused = await sign(claims(), new TextEncoder().encode(pem), { alg: 'HS256' });
      expect(await refusal(verifierOf('RS256').verify(confused))).toBe('alg HS256');
    });
  });

  describe('keys from a JWKS URL', () => {
    const rsa1 = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rsa2 = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ed = generateKeyPairSync('ed25519');
    const jwk = (key: KeyObject, kid: string): Record<string, unknown> => ({ ...key.export({ format: 'jwk' }), kid });
    let served: Record<string, unknown>[] = [];
    let fetches = 0;
    let server: Server;
    let url: string;

    beforeAll(async () => {
      server = createServer((_request, response) => {
        fetches += 1;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: served }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    beforeEach(() => {
      served = [jwk(rsa1.publicKey, 'rsa-1'), jwk(rsa2.publicKey, 'rsa-2'), jwk(ec.publicKey, 'ec-1')];
      served.push(jwk(ed.publicKey, 'ed-1'));
      fetches = 0;
    });

    const jwksVerifier = (refetchCooldownSeconds = 30): JwtVerifier =>
      new JwtVerifier(settings({ keys: { kind: 'jwks', url, refetchCooldownSeconds } }));
    const now = (): number => Math.floor(Date.now() / 1000);
    const live = (): JWTPayload => claims({ iat: now(), exp: now() + 300 });

    it.each([
      ['RS256', rsa1.privateKey, 'rsa-1'],
      ['ES256', ec.privateKey, 'ec-1'],
      ['EdDSA', ed.privateKey, 'ed-1'],
    ] as const)('accepts %s signed by the key its kid names', async (alg, privateKey, kid) => {
      expect((await jwksVerifier().verify(await sign(live(), privateKey, { alg, kid }))).tenantId).toBe(TENANT);
    });

    it('selects the key by kid among two of the same type', async () => {
      const verifier = jwksVerifier();
      expect((await verifier.verify(await sign(live(), rsa2.privateKey, { alg: 'RS256', kid: 'rsa-2' }))).subject).toBe(
        'user-1',
      );
      const misnamed = await sign(live(), rsa2.privateKey, { alg: 'RS256', kid: 'rsa-1' });
      expect(await refusal(verifier.verify(misnamed))).toBe('signature mismatch');
      const unnamed = await sign(live(), rsa1.privateKey, { alg: 'RS256' });
      expect(await refusal(verifier.verify(unnamed))).toBe('no kid, and several keys of the set match its alg');
    });

    it('refuses a token whose alg is not its key’s, and HS256 with the key set', async () => {
      const verifier = jwksVerifier(0);
      // An RSA key verifies RS256 only: ES256 naming it finds no key.
      const mismatched = await sign(live(), ec.privateKey, { alg: 'ES256', kid: 'rsa-1' });
      expect(await refusal(verifier.verify(mismatched))).toBe('no key of the set matches its kid and alg');
      const pem = rsa1.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const confused = await sign(live(), new TextEncoder().encode(pem), { alg: 'HS256', kid: 'rsa-1' });
      expect(await refusal(verifier.verify(confused))).toBe('alg HS256');
      expect(await refusal(verifier.verify(new UnsecuredJWT(live()).encode()))).toBe('alg none');
    });

    it('fetches the set again when a token names a kid it has not seen (rotation)', async () => {
      const verifier = jwksVerifier(0);
      expect((await verifier.verify(await sign(live(), rsa1.privateKey, { alg: 'RS256', kid: 'rsa-1' }))).subject).toBe(
        'user-1',
      );
      expect(fetches).toBe(1);
      const rotated = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      served = [jwk(rotated.publicKey, 'ec-2'), ...served];
      const token = await sign(live(), rotated.privateKey, { alg: 'ES256', kid: 'ec-2' });
      expect((await verifier.verify(token)).subject).toBe('user-1');
      expect(fetches).toBe(2);
      // A known kid is served from the cache.
      await verifier.verify(token);
      expect(fetches).toBe(2);
    });

    it('waits out the refetch cooldown before looking for an unknown kid again', async () => {
      const verifier = jwksVerifier(30);
      await verifier.verify(await sign(live(), rsa1.privateKey, { alg: 'RS256', kid: 'rsa-1' }));
      const unknown = await sign(live(), ec.privateKey, { alg: 'ES256', kid: 'ec-unknown' });
      expect(await refusal(verifier.verify(unknown))).toBe('no key of the set matches its kid and alg');
      expect(fetches).toBe(1);
    });

    it('tells an unreadable key set apart from a bad token', async () => {
      const down = new JwtVerifier(
        settings({ keys: { kind: 'jwks', url: url.replace(/:\d+\//, ':1/'), refetchCooldownSeconds: 30 } }),
      );
      const token = await sign(live(), rsa1.privateKey, { alg: 'RS256', kid: 'rsa-1' });
      await expect(down.verify(token)).rejects.toBeInstanceOf(KeySetUnavailableError);
      served = [{ kty: 'RSA', kid: 'rsa-1', n: 'not-a-key' }];
      await expect(jwksVerifier().verify(token)).rejects.toBeInstanceOf(KeySetUnavailableError);
    });
  });
});
