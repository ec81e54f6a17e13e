/** Failure codes of a call to a gateway (brief §3). */
export type GatewayFailureCode = 'GATEWAY_ERROR' | 'GATEWAY_TIMEOUT' | 'GATEWAY_UNAVAILABLE';

/**
 * A call to a gateway that did not produce an answer PPM can act on. GATEWAY_TIMEOUT means the outcome is unknown:
 * the operation may have happened at the gateway, so it is settled by querying, never by assuming.
 */
export class GatewayCallError extends Error {
  constructor(
    readonly code: GatewayFailureCode,
    message: string,
    /** The gateway's own code or HTTP status, when it answered. */
    readonly rawCode?: string,
  ) {
    super(message);
    this.name = 'GatewayCallError';
  }
}

/**
 * The gateway already holds a refund request with this id (a resend after we lost its first answer): whether that
 * refund went through is unknown here. It carries no gateway code on purpose, so no caller reads it as a refusal:
 * the refund stays in flight for a status query or for reconciliation, and is never released for another refund.
 */
export function refundOutcomeUnknown(
  gateway: string,
  refundRequestId: string,
  code: string | number,
): GatewayCallError {
  return new GatewayCallError(
    'GATEWAY_ERROR',
    `${gateway} already has refund request ${refundRequestId} (code ${String(code)}); its outcome is unknown here`,
  );
}
