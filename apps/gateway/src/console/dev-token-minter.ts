import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { ErrorCode, Roles, type Role } from '@ppm/contracts';
import { EdgeError } from '../http/edge-error';
import type { ConsoleSettings } from './console-settings';

/** The roles a person can sign in to the console with (internal services use API keys). */
const CONSOLE_ROLES: readonly Role[] = [Roles.viewer, Roles.operator, Roles.admin, Roles.platformOperator];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A token the development sign-in page hands the console. */
export interface DevToken {
  token: string;
  expiresAt: string;
}

/**
 * Mints the bearer token of the development sign-in page: the role and tenant a developer picks, signed with the
 * gateway's own HS256 secret, issuer and audience, so it passes the same checks as any token. It refuses when the
 * settings hold no development signer, which is always so in production.
 */
export class DevTokenMinter {
  constructor(
    private readonly signer: ConsoleSettings['devTokens'],
    private readonly now: () => number = Date.now,
  ) {}

  async mint(body: unknown): Promise<DevToken> {
    if (this.signer === undefined) {
      throw new EdgeError(
        ErrorCode.FORBIDDEN,
        'The development sign-in is off: it needs NODE_ENV other than production and an HS256 JWT_SECRET',
      );
    }
    const { role, tenantId } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const problems = [
      ...(CONSOLE_ROLES.includes(role as Role)
        ? []
        : [{ field: 'role', problems: [`one of ${CONSOLE_ROLES.join(', ')}`] }]),
      ...(typeof tenantId === 'string' && UUID.test(tenantId) ? [] : [{ field: 'tenantId', problems: ['a UUID'] }]),
    ];
    if (problems.length > 0)
      throw new EdgeError(ErrorCode.VALIDATION_ERROR, 'Pick a role and a tenant', { fields: problems });
    const { secret, issuer, audience, lifetimeSeconds } = this.signer;
    const issuedAt = Math.floor(this.now() / 1000);
    let jwt = new SignJWT({ tenantId: (tenantId as string).toLowerCase(), roles: [role] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(`console-${String(role).replace('ppm.', '')}`)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeSeconds);
    if (issuer !== undefined) jwt = jwt.setIssuer(issuer);
    if (audience !== undefined) jwt = jwt.setAudience(audience);
    const token = await jwt.sign(createSecretKey(Buffer.from(secret, 'utf8')));
    return { token, expiresAt: new Date((issuedAt + lifetimeSeconds) * 1000).toISOString() };
  }
}
