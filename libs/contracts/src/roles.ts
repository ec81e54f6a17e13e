/** Roles an HTTP principal can hold. */
export const Roles = {
  /** Reads transactions, statistics, gateway configurations and reconciliations. */
  viewer: 'ppm.viewer',
  /**
   * Refunds and cancels payments, resolves reconciliation mismatches, reads the audit log and the webhook endpoints;
   * reads like a viewer.
   */
  operator: 'ppm.operator',
  /**
   * Adds and changes gateway configurations and webhook endpoints, reads the audit log; reads like a viewer. Not an
   * operator: money moves need that role.
   */
  admin: 'ppm.admin',
  /**
   * Runs the cluster: dead-letter queues (list, peek, replay) and jobs (list, runs, run now), which hold every
   * tenant's data and act for all of them; an operator and a viewer besides. Granted to the platform's staff only.
   */
  platformOperator: 'ppm.platform-operator',
  /** Internal services (API keys only): process payments and refunds on /api/v1/internal. */
  internal: 'ppm.internal',
} as const;

/** One of the roles. */
export type Role = (typeof Roles)[keyof typeof Roles];

export const ALL_ROLES: readonly Role[] = Object.values(Roles);

/** The roles each role implies, itself included. */
const IMPLIED: Readonly<Record<Role, readonly Role[]>> = {
  'ppm.viewer': ['ppm.viewer'],
  'ppm.operator': ['ppm.operator', 'ppm.viewer'],
  'ppm.admin': ['ppm.admin', 'ppm.viewer'],
  'ppm.platform-operator': ['ppm.platform-operator', 'ppm.operator', 'ppm.viewer'],
  'ppm.internal': ['ppm.internal'],
};

/** Whether holding `held` grants `required`. Unknown role names grant nothing. */
export function grants(held: readonly string[], required: Role): boolean {
  return held.some((role) => (IMPLIED[role as Role] ?? []).includes(required));
}

/** Whether `value` names a role. */
export function isRole(value: unknown): value is Role {
  return ALL_ROLES.includes(value as Role);
}
