import { IsUUID } from 'class-validator';

/** `ppm.query.refund.get` data. */
export class GetRefundRequest {
  @IsUUID()
  refundId!: string;
}

/** A refund as the read model shows it. Amounts are integers in minor units; times are ISO 8601. */
export interface RefundView {
  id: string;
  transactionId: string;
  amount: number;
  currency: string;
  /** REQUESTED | PROCESSING | SUCCEEDED | FAILED */
  status: string;
  reason: string | null;
  sourceRefundId: string | null;
  gatewayRefundId: string | null;
  initiatedByUserId: string | null;
  /** When the gateway returned the money (SUCCEEDED refunds). */
  refundDate: string | null;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}
