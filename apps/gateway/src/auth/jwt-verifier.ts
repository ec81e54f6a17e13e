import { createHmac, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';
import type { Principal } from './principal';
import { isRole } from './roles';

/** Claims a token must carry when configured: who issued it (`iss`) and whom it is for (`aud`). */
interface JwtExpectations {
  leewaySeconds: number;
  issuer?: string;
  audience?: string;
}

/** How tokens are checked. */
export type JwtSettings =
  | ({ algorithm: 'HS256'; secret: string } & JwtExpectations)
  | ({ algorithm: 'RS256'; publicKey: string } & JwtExpectations);

/** Why a token was refused; the reason is logged, the caller only learns it was refused. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid bearer token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Verifies admin users' bearer tokens (compact JWS) with node:crypto alone: the header's `alg` must be exactly the
 * configured algorithm (so `none` and HS256-signed-with-the-public-key confusion are refused), the signature must
 * match, `exp` is required and enforced (with a small leeway, as is `nbf`), and the claims must name a subject
 * (`sub`), a tenant (`tenantId` or `tenant_id`, a UUID) and roles (unknown role names are dropped). When an issuer
 * or audience is configured, `iss` must equal it and `aud` (a string or a list) must name it: an identity
 * provider that signs tokens for several applications with one key cannot then log into PPM with another's.
 */
export class JwtVerifier {
  private readonly publicKey?: KeyObject;

  constructor(
    private readonly settings: JwtSettings,
    private readonly now: () => number = Date.now,
  ) {
    if (settings.algorithm === 'RS256') {
      // The boot settings already checked it is an RSA public key in PEM.
      this.publicKey = createPublicKey(settings.publicKey);
    }
  }

  verify(token: string): Principal {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) {
      throw new InvalidTokenError('not a compact JWS');
    }
    const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
    const header = decodeJson(encodedHeader, 'header');
    if (header['alg'] !== this.settings.algorithm) throw new InvalidTokenError(`alg ${String(header['alg'])}`);
    const signature = Buffer.from(encodedSignature, 'base64url');
    if (!this.signatureMatches(`${encodedHeader}.${encodedPayload}`, signature)) {
      throw new InvalidTokenError('signature mismatch');
    }
    return this.principalOf(decodeJson(encodedPayload, 'payload'));
  }

  private signatureMatches(signingInput: string, signature: Buffer): boolean {
    if (this.settings.algorithm === 'HS256') {
      const expected = createHmac('sha256', this.settings.secret).update(signingInput).digest();
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    }
    return verify('sha256', Buffer.from(signingInput), this.publicKey as KeyObject, signature);
  }

  private principalOf(claims: Record<string, unknown>): Principal {
    const nowSeconds = this.now() / 1000;
    const leeway = this.settings.leewaySeconds;
    const exp = claims['exp'];
    if (typeof exp !== 'number') throw new InvalidTokenError('no exp');
    if (nowSeconds > exp + leeway) throw new InvalidTokenError('expired');
    const nbf = claims['nbf'];
    if (nbf !== undefined && (typeof nbf !== 'number' || nowSeconds < nbf - leeway)) {
      throw new InvalidTokenError('not yet valid');
    }
    const { issuer, audience } = this.settings;
    if (issuer !== undefined && claims['iss'] !== issuer) throw new InvalidTokenError('wrong iss');
    const aud = claims['aud'];
    if (audience !== undefined && !(aud === audience || (Array.isArray(aud) && aud.includes(audience)))) {
      throw new InvalidTokenError('wrong aud');
    }
    const subject = claims['sub'];
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > 200) {
      throw new InvalidTokenError('no sub');
    }
    const tenantId = claims['tenantId'] ?? claims['tenant_id'];
    if (typeof tenantId !== 'string' || !UUID.test(tenantId)) throw new InvalidTokenError('no tenant');
    const roles = claims['roles'];
    if (!Array.isArray(roles)) throw new InvalidTokenError('no roles');
    return { kind: 'user', subject, tenantId: tenantId.toLowerCase(), roles: roles.filter(isRole) };
  }
}

function decodeJson(part: string, name: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: a token whose parts are not JSON objects is refused below
  }
  throw new InvalidTokenError(`${name} is not a JSON object`);
}
