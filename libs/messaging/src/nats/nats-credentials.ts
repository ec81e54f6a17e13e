import { readFileSync } from 'node:fs';
import { credsAuthenticator, type ConnectionOptions } from 'nats';
import { DEV_BUS_IDENTITIES, type BusRole } from '@ppm/observability';

/** Who a process is on NATS: a user and password, or a creds file (user JWT and nkey seed), which wins. */
export interface NatsCredentials {
  user?: string;
  password?: string;
  credsFile?: string;
}

/** The NATS settings of an app's configuration (`WithNats`). */
export interface NatsIdentitySettings {
  NATS_USER: string;
  NATS_PASSWORD: string;
  NATS_CREDS_FILE?: string;
}

/** The credentials an app's configuration names. */
export function natsCredentialsOf(config: NatsIdentitySettings): NatsCredentials {
  return { user: config.NATS_USER, password: config.NATS_PASSWORD, credsFile: config.NATS_CREDS_FILE };
}

/** A tool's credentials: NATS_USER / NATS_PASSWORD or NATS_CREDS_FILE, else `role`'s development user. */
export function natsCredentialsFromEnv(role: BusRole, env: NodeJS.ProcessEnv = process.env): NatsCredentials {
  return {
    user: env['NATS_USER'] ?? DEV_BUS_IDENTITIES[role].user,
    password: env['NATS_PASSWORD'] ?? DEV_BUS_IDENTITIES[role].password,
    credsFile: env['NATS_CREDS_FILE'],
  };
}

/**
 * nats.js connection options that present `credentials`. The creds file is read at every (re)connect, so a rotated
 * file is picked up without a restart.
 */
export function natsAuthOptions(
  credentials: NatsCredentials | undefined,
): Pick<ConnectionOptions, 'user' | 'pass' | 'authenticator'> {
  if (credentials?.credsFile) {
    const file = credentials.credsFile;
    return { authenticator: credsAuthenticator(() => readFileSync(file)) };
  }
  return { user: credentials?.user, pass: credentials?.password };
}
