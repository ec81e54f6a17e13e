// What the admin API answers, as far as the console reads it (amounts are integers in minor units).

/** A page of a list route. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface TransactionSummary {
  id: string;
  status: string;
  amount: number;
  currency: string;
  paymentMethodType: string;
  gatewayType: string | null;
  gatewayReference: string | null;
  gatewayTransactionId: string | null;
  sourceTransactionId: string;
  refundedAmount: number;
  createdAt: string;
}

export interface AttemptView {
  id: string;
  attemptNumber: number;
  status: string;
  gatewayRequestId: string;
  failureCode: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface RefundView {
  id: string;
  amount: number;
  currency?: string;
  status: string;
  reason: string | null;
  createdAt: string;
  completedAt?: string | null;
}

export interface TimelineEntry {
  status: string;
  at: string;
  cause: string;
  refundId?: string;
}

export interface TransactionView extends TransactionSummary {
  description: string | null;
  initiatedByUserId: string | null;
  failureCode: string | null;
  failureReason: string | null;
  lateCapture: boolean;
  /** Grows with every change of the payment. */
  version: number;
  attempts: AttemptView[];
  refunds: RefundView[];
  timeline: TimelineEntry[];
  /** VIETQR: the payload of the QR code the payer scans. */
  qrPayload?: string;
}

export interface AuditRecordView {
  id: string;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  createdAt: string;
}

export interface ReconciliationRunSummary {
  id: string;
  gatewayConfigurationId: string;
  gatewayType: string;
  businessDate: string;
  status: string;
  totalLines: number;
  matched: number;
  mismatched: number;
  outcomes: Record<string, number>;
  startedAt: string;
  error: string | null;
}

export interface ReconciliationItemView {
  id: string;
  lineNumber: number | null;
  outcome: string;
  paymentTransactionId: string | null;
  gatewayReference: string | null;
  settlementAmount: number | null;
  ppmAmount: number | null;
  currency: string | null;
  settlementStatus: string | null;
  ppmStatus: string | null;
  resolutionStatus: 'OPEN' | 'RESOLVED';
  resolvedBy: string | null;
  resolutionNote: string | null;
}

export interface ReconciliationView {
  run: ReconciliationRunSummary;
  items: ReconciliationItemView[];
  nextCursor: string | null;
}

export interface GatewayConfigView {
  id: string;
  gatewayType: string;
  name: string;
  merchantIdHint: string;
  baseUrl: string | null;
  supportedPaymentMethods: string[];
  isActive: boolean;
  isDefault: boolean;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabledAt: string | null;
  createdAt: string;
}

export interface WebhookDeliveryView {
  id: string;
  eventType: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  createdAt: string;
}

/** A transfer into a VietQR account that settled no payment (amounts in VND). */
export interface UnsettledTransferView {
  webhookId: string;
  reason: 'UNMATCHED' | 'AMOUNT_MISMATCH';
  accountNumber: string;
  amount: number;
  content: string;
  paymentCode: string | null;
  bankReference: string | null;
  receivedAt: string;
}
