/** The signed-in person as the console knows them: the bearer token and what its claims say. */
export interface Session {
  token: string;
  subject: string;
  tenantId: string;
  roles: string[];
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** What a person may do in the console; the gateway checks the same roles on every call. */
export interface Abilities {
  /** Refund, cancel, sync a payment with its gateway. */
  moveMoney: boolean;
  /** Resolve reconciliation mismatches and start runs. */
  reconcile: boolean;
  /** Add and change gateway configurations and webhook endpoints. */
  configure: boolean;
  /** Read the audit log and the merchant webhooks. */
  readAudit: boolean;
  /** Read the VietQR transfers that settled no payment (they carry payers' transfer contents). */
  readBankTransfers: boolean;
  /** Replay gateway IPNs. */
  operate: boolean;
  /** Peek and replay dead letters, run jobs: they span every tenant, so only a platform operator may. */
  runPlatform: boolean;
}

/**
 * The roles' abilities: an operator moves money but changes no configuration; a platform operator is an operator
 * who also runs the cluster's dead letters and jobs; a viewer only reads.
 */
export function abilitiesOf(roles: readonly string[]): Abilities {
  const platform = roles.includes('ppm.platform-operator');
  const operator = platform || roles.includes('ppm.operator');
  const admin = roles.includes('ppm.admin');
  return {
    moveMoney: operator,
    reconcile: operator,
    configure: admin,
    readAudit: operator || admin,
    readBankTransfers: operator || admin,
    operate: operator,
    runPlatform: platform,
  };
}

/** The claims of a JWT's payload (not verified here: the gateway verifies every call). */
export function sessionOf(token: string): Session | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
    const tenantId = claims['tenantId'] ?? claims['tenant_id'];
    const roles = Array.isArray(claims['roles']) ? claims['roles'].filter((r) => typeof r === 'string') : [];
    if (typeof claims['sub'] !== 'string' || typeof tenantId !== 'string' || typeof claims['exp'] !== 'number') {
      return undefined;
    }
    return { token, subject: claims['sub'], tenantId, roles, expiresAt: claims['exp'] };
  } catch {
    return undefined;
  }
}

const KEY = 'ppm.console.session';

/** The session of this browser tab: sessionStorage, so closing the tab signs out. */
export const sessionStore = {
  load(now = Date.now()): Session | undefined {
    const token = sessionStorage.getItem(KEY);
    const session = token === null ? undefined : sessionOf(token);
    return session !== undefined && session.expiresAt * 1000 > now ? session : undefined;
  },
  save(token: string): Session | undefined {
    const session = sessionOf(token);
    if (session !== undefined) sessionStorage.setItem(KEY, token);
    return session;
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
