/** An outbound call PPM refused to make: its URL or the address its host resolves to is not allowed. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundRefusedError';
  }
}

/** An answer longer than the cap of its call: reading stopped there. */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is longer than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * A request that failed at the socket (refused, reset, unreachable, closed). `connected` tells whether the
 * connection to the gateway was ever established: before it, no byte of the request can have reached the gateway;
 * after it, the request may have been written and acted on, whatever the error code.
 */
export class OutboundConnectionError extends Error {
  constructor(
    readonly connected: boolean,
    readonly code: string | undefined,
    options: { cause: unknown },
  ) {
    super(`the connection failed ${connected ? 'after' : 'before'} it was established (${code ?? 'no code'})`, options);
    this.name = 'OutboundConnectionError';
  }
}
