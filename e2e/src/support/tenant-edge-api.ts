import { randomUUID } from 'node:crypto';
import { signTestToken } from './test-token';

/** A reply of the HTTP edge: its status and the JSON envelope it answered with. */
export interface EdgeReply<T> {
  status: number;
  body: { success: boolean; data: T; error?: { code: string } };
}

/** Who the calls are for and where they go. */
export interface TenantEdgeApiSettings {
  tenantId: string;
  /** The gateway's JWT_SECRET: the tokens are signed with it as the identity provider would. */
  jwtSecret: string;
  /** The URL a call's path is appended to; read at each call, as the gateway's URL is known once the stack runs. */
  base: () => string;
  /** Whether every request carries a fresh Idempotency-Key (the commands that take one). */
  idempotencyKeys?: boolean;
}

/**
 * A tenant's users calling the HTTP edge's API: a bearer token per set of roles, signed independently of the
 * gateway's own code, and JSON requests that answer their status and envelope whatever it is, for a spec to check.
 */
export class TenantEdgeApi {
  constructor(private readonly settings: TenantEdgeApiSettings) {}

  /** A token of a user of the tenant holding `roles`, valid for ten minutes. */
  token(roles: string[]): string {
    const iat = Math.floor(Date.now() / 1000);
    return signTestToken(
      { sub: `user-${roles.join('+')}`, tenantId: this.settings.tenantId, roles, iat, exp: iat + 600 },
      this.settings.jwtSecret,
    );
  }

  /** `method` on the base URL and `path` as the holder of `token`, with `body` as JSON if given. */
  async call<T>(method: string, path: string, token: string, body?: unknown): Promise<EdgeReply<T>> {
    const response = await fetch(`${this.settings.base()}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(this.settings.idempotencyKeys ? { 'idempotency-key': randomUUID() } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as EdgeReply<T>['body'] };
  }
}
