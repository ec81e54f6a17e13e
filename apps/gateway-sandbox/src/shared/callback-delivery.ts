import type { GatewayType } from '@ppm/gateways';

/** How a callback delivery went so far. */
export interface CallbackDelivery {
  url: string;
  attempts: number;
  acknowledged: boolean;
  /** HTTP status of the last reply; null when the last attempt got none (refused, timed out). */
  lastStatus: number | null;
  /** The last reply's body (truncated), or why there was none. */
  lastBody: string | null;
}

/** A callback to deliver the way a gateway does, redelivered until acknowledged or out of attempts. */
export interface Callback {
  gatewayType: GatewayType;
  url: string;
  method: 'GET' | 'POST';
  /** JSON body of a POST. */
  body?: string;
  /** Headers the gateway authenticates itself with (SePay's `Authorization: Apikey …`). */
  headers?: Readonly<Record<string, string>>;
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Whether the merchant's reply ends the deliveries. */
  isAcknowledged(status: number, body: string): boolean;
}
