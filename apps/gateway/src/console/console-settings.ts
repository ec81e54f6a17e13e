import { dirname, join } from 'node:path';
import type { GatewayConfig } from '../gateway.config';
import type { JwtSettings } from '../auth/jwt-verifier';

/** How the admin console's users sign in: their identity provider, or the development sign-in page. */
export type ConsoleSignIn =
  | { kind: 'oidc'; issuer: string; clientId: string; scope: string }
  | { kind: 'development' }
  /** No identity provider and no development sign-in: nobody can sign in, and the console says so. */
  | { kind: 'unconfigured' };

/** What the gateway needs to serve the admin console under /admin. */
export interface ConsoleSettings {
  /** The console's built files (`npm run build` writes them to dist/apps/admin-console). */
  directory: string;
  signIn: ConsoleSignIn;
  /**
   * Minting tokens locally needs the shared HS256 secret the gateway verifies with and CONSOLE_DEV_SIGN_IN=true;
   * never in production.
   */
  devTokens: { secret: string; issuer?: string; audience?: string; lifetimeSeconds: number } | undefined;
}

/** The console's settings: an identity provider when one is configured, else the development sign-in if opted in. */
export function consoleSettingsOf(config: GatewayConfig, jwt: JwtSettings): ConsoleSettings {
  // An explicit opt-in: a non-production NODE_ENV alone does not make a cluster private.
  const devSignIn = config.NODE_ENV !== 'production' && config.CONSOLE_DEV_SIGN_IN === 'true';
  const { CONSOLE_OIDC_ISSUER: issuer, CONSOLE_OIDC_CLIENT_ID: clientId } = config;
  const signIn: ConsoleSignIn =
    issuer !== undefined && clientId !== undefined
      ? { kind: 'oidc', issuer, clientId, scope: config.CONSOLE_OIDC_SCOPE }
      : devSignIn
        ? { kind: 'development' }
        : { kind: 'unconfigured' };
  const devTokens =
    devSignIn && jwt.keys.kind === 'secret'
      ? {
          secret: jwt.keys.secret,
          lifetimeSeconds: Math.min(3_600, jwt.maxLifetimeSeconds),
          ...(jwt.issuer === undefined ? {} : { issuer: jwt.issuer }),
          ...(jwt.audience === undefined ? {} : { audience: jwt.audience }),
        }
      : undefined;
  // The gateway runs as dist/apps/gateway/main.js (a bundle, which keeps no module path), beside the console's build.
  const directory = config.CONSOLE_DIR ?? join(dirname(process.argv[1] ?? '.'), '..', 'admin-console');
  return { directory, signIn, devTokens };
}
