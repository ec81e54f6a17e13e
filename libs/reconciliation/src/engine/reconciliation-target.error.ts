/** The run cannot start: no such configuration, or a malformed day. */
export class ReconciliationTargetError extends Error {
  constructor(
    message: string,
    readonly code: 'GATEWAY_CONFIG_NOT_FOUND' | 'VALIDATION_ERROR',
  ) {
    super(message);
    this.name = 'ReconciliationTargetError';
  }
}
