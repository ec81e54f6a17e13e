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
