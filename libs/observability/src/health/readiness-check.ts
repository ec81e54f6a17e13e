/** One dependency the service needs to do its work; `check` rejects when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** Injection token of the service's readiness checks (an array of ReadinessCheck). */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
