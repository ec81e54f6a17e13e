/** Failure codes of a call to a gateway. */
export type GatewayFailureCode = 'GATEWAY_ERROR' | 'GATEWAY_TIMEOUT' | 'GATEWAY_UNAVAILABLE';

/**
 * What a failed call tells about the operation it asked for. `refused`: the gateway did not perform it (an explicit
 * decline or refusal of the request, or a request that never left PPM). `unknown`: it may have been performed (no
 * answer, an HTTP 5xx, a connection lost after the request was written, a "processing / system error" code, an
 * answer that fails its signature); only a later query or reconciliation can tell.
 */
export type GatewayCallOutcome = 'refused' | 'unknown';

/**
 * A call to a gateway that did not produce an answer PPM can act on. Its message is PPM's own text plus the
 * gateway's code, never text the gateway sent: it reaches tenants (failure reasons, command replies).
 */
export class GatewayCallError extends Error {
  constructor(
    readonly code: GatewayFailureCode,
    message: string,
    /** Whether the operation certainly did not happen, or may have. Only `refused` may release money. */
    readonly outcome: GatewayCallOutcome,
    /** The gateway's own code or HTTP status, when it answered. */
    readonly rawCode?: string,
  ) {
    super(message);
    this.name = 'GatewayCallError';
  }

  /** The gateway refused the request: the operation did not happen. */
  static refused(message: string, rawCode?: string): GatewayCallError {
    return new GatewayCallError('GATEWAY_ERROR', message, 'refused', rawCode);
  }

  /** The gateway's answer leaves the operation's outcome unknown: it is settled by querying, never by assuming. */
  static unknown(message: string, rawCode?: string): GatewayCallError {
    return new GatewayCallError('GATEWAY_ERROR', message, 'unknown', rawCode);
  }
}

/**
 * The gateway already holds a refund request with this id (a resend after we lost its first answer): whether that
 * refund went through is unknown here, so the refund stays in flight for a status query or for reconciliation,
 * and is never released for another refund.
 */
export function refundOutcomeUnknown(
  gateway: string,
  refundRequestId: string,
  code: string | number,
): GatewayCallError {
  return GatewayCallError.unknown(
    `${gateway} already has refund request ${refundRequestId} (code ${String(code)}); its outcome is unknown here`,
    String(code),
  );
}
