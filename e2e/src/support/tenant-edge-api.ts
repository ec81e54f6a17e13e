import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TestStack } from '@ppm/testing';
import { signTestToken } from './test-token';

/** A reply of the HTTP edge: its status and the JSON envelope it answered with (`Details`: its errors' details). */
export interface EdgeReply<T, Details = unknown> {
  status: number;
  body: { success: boolean; data: T; error?: { code: string; message: string; details?: Details } };
}

/** Who the calls are for and where they go. */
export interface TenantEdgeApiSettings {
  tenantId: string;
  /** The gateway's JWT_SECRET: the tokens are signed with it as the identity provider would; a random one without. */
  jwtSecret?: string;
  /** The issuer and audience the gateway checks, which every token then carries. */
  identityProvider?: IdentityProvider;
  /** The URL a call's path is appended to; read at each call, as the gateway's URL is known once the stack runs. */
  base: () => string;
  /** Whether every request carries a fresh Idempotency-Key (the commands that take one). */
  idempotencyKeys?: boolean;
}

/** Who issues the tokens, and for whom. */
export interface IdentityProvider {
  issuer: string;
  audience: string;
}

/** The identity provider the specs' gateways trust. */
export const E2E_IDENTITY_PROVIDER: IdentityProvider = { issuer: 'https://idp.e2e.example', audience: 'ppm' };

/** A caller of the tenant's internal API: its API key's id, and the key it sends. */
export interface InternalCaller {
  id: string;
  key: string;
}

/** Who a token names: another user than the one its roles name, or a user of another tenant. */
export interface EdgeUser {
  sub?: string;
  tenantId?: string;
}

/**
 * A tenant's users calling the HTTP edge's API: a bearer token per set of roles, signed independently of the
 * gateway's own code, and JSON requests that answer their status and envelope whatever it is, for a spec to check.
 */
export class TenantEdgeApi {
  /**
   * The API of `tenantId` on the gateway of the stack `stack` answers once started, with tokens of the specs'
   * identity provider (and a fresh Idempotency-Key on every request with `idempotencyKeys`).
   */
  static onStack(stack: () => TestStack, tenantId: string, idempotencyKeys = false): TenantEdgeApi {
    return new TenantEdgeApi({
      tenantId,
      identityProvider: E2E_IDENTITY_PROVIDER,
      base: () => stack().app('gateway').url,
      idempotencyKeys,
    });
  }

  private readonly jwtSecret: string;

  constructor(private readonly settings: TenantEdgeApiSettings) {
    this.jwtSecret = settings.jwtSecret ?? `tenant-edge-${randomBytes(24).toString('hex')}`;
  }

  /** The gateway's environment that trusts these tokens, and `caller`'s API key as the tenant's when given. */
  gatewayEnv(caller?: InternalCaller): Record<string, string> {
    const provider = this.settings.identityProvider;
    return {
      JWT_SECRET: this.jwtSecret,
      ...(provider ? { JWT_ISSUER: provider.issuer, JWT_AUDIENCE: provider.audience } : {}),
      ...(caller
        ? {
            API_KEYS: JSON.stringify([
              {
                id: caller.id,
                sha256: createHash('sha256').update(caller.key).digest('hex'),
                tenantId: this.settings.tenantId,
                roles: ['ppm.internal'],
              },
            ]),
          }
        : {}),
    };
  }

  /** A token of a user of the tenant holding `roles`, valid for ten minutes; `user` names someone else. */
  token(roles: string[], user: EdgeUser = {}): string {
    const iat = Math.floor(Date.now() / 1000);
    const provider = this.settings.identityProvider;
    return signTestToken(
      {
        sub: user.sub ?? `user-${roles.join('+')}`,
        tenantId: user.tenantId ?? this.settings.tenantId,
        roles,
        ...(provider ? { iss: provider.issuer, aud: provider.audience } : {}),
        iat,
        exp: iat + 600,
      },
      this.jwtSecret,
    );
  }

  /**
   * `method` on the base URL and `path` with `body` as JSON if given, as the holder of `auth`: a bearer token, or
   * the headers of another scheme (an API key's `x-api-key`) sent as they are.
   */
  async call<T, Details = unknown>(
    method: string,
    path: string,
    auth: string | Record<string, string>,
    body?: unknown,
  ): Promise<EdgeReply<T, Details>> {
    const response = await fetch(`${this.settings.base()}${path}`, {
      method,
      headers: {
        ...(typeof auth === 'string' ? { authorization: `Bearer ${auth}` } : auth),
        ...(this.settings.idempotencyKeys ? { 'idempotency-key': randomUUID() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as EdgeReply<T, Details>['body'] };
  }
}
