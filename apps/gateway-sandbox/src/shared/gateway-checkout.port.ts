import type { GatewayType } from '@ppm/gateways';
import type { CallbackDelivery } from './callback-delivery';
import type { CustomerOutcome, OrderStatusAt, SandboxOrder } from './sandbox-order';

/** The result of finishing an order the way its customer would. */
export type CheckoutCompletion =
  | {
      kind: 'completed';
      order: SandboxOrder;
      /** The callback delivery after its first attempt; null when the gateway sends none (ZaloPay failures). */
      delivery: CallbackDelivery | null;
      /** Where the gateway sends the browser back, with its signed return parameters; null when there is none. */
      redirectUrl: string | null;
    }
  | { kind: 'not_found' }
  | { kind: 'final'; status: OrderStatusAt };

/** One gateway's customer side: finds orders by reference and completes them. */
export interface GatewayCheckout {
  readonly gatewayType: GatewayType;
  /** The order a control route names, by the merchant's reference. */
  find(reference: string): SandboxOrder | undefined;
  /** Finishes a pending order as the customer chose and delivers the gateway's callback. */
  complete(reference: string, outcome: CustomerOutcome): Promise<CheckoutCompletion>;
}
