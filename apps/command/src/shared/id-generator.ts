import { randomUUID } from 'node:crypto';

/** New ids, injected so a handler's ids are not hidden global state. */
export class IdGenerator {
  uuid(): string {
    return randomUUID();
  }

  /** An id gateways accept as an order or request reference: 32 hex characters (fits ZaloPay's 40 with its prefix). */
  gatewayReference(): string {
    return randomUUID().replace(/-/g, '');
  }
}
