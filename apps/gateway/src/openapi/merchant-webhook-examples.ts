import type {
  MerchantWebhookEvent,
  MerchantWebhookEventType,
  MerchantWebhookPaymentData,
  MerchantWebhookRefundData,
} from '@ppm/contracts';

// Typed as the contract's data, so an example misses no field the deliveries carry and names none they do not.
const PAYMENT: MerchantWebhookPaymentData = {
  id: '7b0c6c1e-3f47-4c55-9d1e-2b8f3f0c9a41',
  status: 'PENDING',
  amount: 150000,
  currency: 'VND',
  paymentMethodType: 'QR_CODE',
  gatewayType: 'VNPAY',
  gatewayReference: 'PPM7B0C6C1E',
  gatewayTransactionId: null,
  sourceBoundedContext: 'ORDERING',
  sourceTransactionId: 'order-10045',
  description: 'Order 10045',
  customerRef: 'customer-88',
  refundedAmount: 0,
  lateCapture: false,
  failureCode: null,
  failureReason: null,
  metadata: { channel: 'web' },
  expiresAt: '2026-12-01T10:15:00.000Z',
  completedAt: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  version: 1,
};

/** The `data` of a `ping`: the endpoint tested. */
interface PingData {
  endpointId: string;
}

const COMPLETED = { completedAt: '2026-12-01T10:02:10.000Z', updatedAt: '2026-12-01T10:02:10.000Z' };

const REFUND: MerchantWebhookRefundData = {
  id: 'c2d4e6f8-1a3b-4c5d-8e9f-0a1b2c3d4e5f',
  transactionId: PAYMENT.id,
  amount: 50000,
  currency: 'VND',
  status: 'REQUESTED',
  reason: 'Customer returned one item',
  sourceRefundId: 'return-301',
  gatewayRefundId: null,
  refundDate: null,
  failureReason: null,
  createdAt: '2026-12-02T09:00:00.000Z',
  updatedAt: '2026-12-02T09:00:00.000Z',
  paymentVersion: 3,
};

const REFUND_SETTLED = { gatewayRefundId: 'VNP-R-88120', updatedAt: '2026-12-02T09:00:04.000Z' };

/** The `data` of an example event of each type: the payment or refund as it stands after that event. */
const DATA: Record<MerchantWebhookEventType, MerchantWebhookPaymentData | MerchantWebhookRefundData | PingData> = {
  'payment.created': PAYMENT,
  'payment.succeeded': { ...PAYMENT, ...COMPLETED, status: 'SUCCEEDED', gatewayTransactionId: '14226101', version: 3 },
  'payment.failed': {
    ...PAYMENT,
    ...COMPLETED,
    status: 'FAILED',
    failureCode: 'GATEWAY_DECLINED',
    failureReason: 'The gateway declined the payment',
    version: 3,
  },
  'payment.cancelled': { ...PAYMENT, ...COMPLETED, status: 'CANCELLED', version: 2 },
  'payment.expired': { ...PAYMENT, completedAt: PAYMENT.expiresAt, status: 'EXPIRED', version: 2 },
  'payment.late-captured': {
    ...PAYMENT,
    ...COMPLETED,
    status: 'SUCCEEDED',
    gatewayTransactionId: '14226101',
    lateCapture: true,
    version: 4,
  },
  'refund.requested': REFUND,
  'refund.processed': {
    ...REFUND,
    ...REFUND_SETTLED,
    status: 'SUCCEEDED',
    refundDate: REFUND_SETTLED.updatedAt,
    paymentVersion: 4,
  },
  'refund.failed': { ...REFUND, ...REFUND_SETTLED, status: 'FAILED', failureReason: 'Refund window closed' },
  ping: { endpointId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d' },
};

/** An example delivery body of `type`, as a receiver gets it. */
export function exampleMerchantWebhookEvent(type: MerchantWebhookEventType): MerchantWebhookEvent<unknown> {
  return { id: '0f8e9d7c-6b5a-4e3d-9c2b-1a0f9e8d7c6b', type, createdAt: '2026-12-01T10:02:10.120Z', data: DATA[type] };
}

/** The example payment and refund, whose fields the documented schemas list. */
export const EXAMPLE_PAYMENT_DATA = PAYMENT;
export const EXAMPLE_REFUND_DATA = REFUND;
