import type { GatewayIpnStatus, GatewayIpnView } from '@ppm/contracts';
import { isoTime } from '../shared/column-values';

/** The columns of `webhook_events` both IPN queries read, in SQL and as rows. */
export const GATEWAY_IPN_COLUMNS = 'id, gateway_type, processing_status, received_at, attempts, payment_transaction_id';

export interface GatewayIpnRow {
  id: string;
  gateway_type: string;
  processing_status: GatewayIpnStatus;
  received_at: Date;
  attempts: number;
  payment_transaction_id: string | null;
}

/** A stored callback as the contract shows it; `paymentId` once it was verified against a payment. */
export function gatewayIpnView(row: GatewayIpnRow): GatewayIpnView {
  return {
    id: row.id,
    gatewayType: row.gateway_type,
    status: row.processing_status,
    receivedAt: isoTime(row.received_at),
    attempts: row.attempts,
    ...(row.payment_transaction_id ? { paymentId: row.payment_transaction_id } : {}),
  };
}
