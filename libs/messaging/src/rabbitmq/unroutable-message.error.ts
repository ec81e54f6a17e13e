/** The broker confirmed a mandatory message but returned it: no queue is bound for its routing key. */
export class UnroutableMessageError extends Error {
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super(`No queue is bound to ${exchange} for ${routingKey}; the message was returned`);
    this.name = 'UnroutableMessageError';
  }
}
