// The rows a payment is read from and written to, as the repository's statements select and bind them: bigints
// travel as decimal text, so no amount ever passes through a JS number.

/** A `payment_attempts` row as `findById`'s json_agg returns it (timestamps as ISO-8601 text). */
export interface PaymentAttemptRow {
  id: string;
  attempt_number: number;
  gateway_request_id: string;
  status: string;
  gateway_response: Record<string, unknown> | null;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: string;
  completed_at: string | null;
}

/** A `refunds` row as `findById`'s json_agg returns it (amount as decimal text, timestamps as ISO-8601 text). */
export interface RefundRow {
  id: string;
  amount: string;
  currency: string;
  status: string;
  reason: string | null;
  source_refund_id: string | null;
  gateway_request_id: string;
  gateway_refund_id: string | null;
  initiated_by_user_id: string | null;
  refund_date: string | null;
  failure_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** A `payment_transactions` row with its attempts and refunds, as the repository selects it. */
export interface PaymentTransactionRow {
  id: string;
  tenant_id: string;
  /** bigint, selected as text: never a JS number. */
  amount: string;
  currency: string;
  payment_method_type: string;
  status: string;
  initiated_by_user_id: string | null;
  source_bounded_context: string;
  source_transaction_id: string;
  payment_gateway_id: string | null;
  gateway_type: string | null;
  gateway_reference: string | null;
  gateway_transaction_id: string | null;
  description: string | null;
  return_url: string | null;
  payment_url: string | null;
  expires_at: Date | null;
  late_capture: boolean;
  metadata: Record<string, unknown> | null;
  customer_ref: string | null;
  client_ip: string | null;
  callback_url: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  attempts: PaymentAttemptRow[];
  refunds: RefundRow[];
}

/** The column values of a `payment_transactions` row to write (`version` is the repository's). */
export interface PaymentTransactionColumns {
  id: string;
  tenant_id: string;
  /** Minor units as decimal text. */
  amount: string;
  currency: string;
  payment_method_type: string;
  status: string;
  initiated_by_user_id: string | null;
  source_bounded_context: string;
  source_transaction_id: string;
  payment_gateway_id: string;
  gateway_type: string;
  gateway_reference: string | null;
  gateway_transaction_id: string | null;
  description: string;
  return_url: string;
  payment_url: string | null;
  expires_at: Date;
  /** The sum of succeeded refunds, minor units as decimal text. */
  refunded_amount: string;
  late_capture: boolean;
  /** JSON text. */
  metadata: string | null;
  customer_ref: string | null;
  client_ip: string | null;
  callback_url: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
}

/** The column values of a `payment_attempts` row to write. */
export interface PaymentAttemptColumns {
  id: string;
  tenant_id: string;
  payment_transaction_id: string;
  attempt_number: number;
  gateway_type: string;
  gateway_request_id: string;
  status: string;
  /** JSON text. */
  gateway_response: string | null;
  failure_code: string | null;
  failure_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
}

/** The column values of a `refunds` row to write (`version` is the repository's). */
export interface RefundColumns {
  id: string;
  tenant_id: string;
  payment_transaction_id: string;
  /** Minor units as decimal text. */
  amount: string;
  currency: string;
  status: string;
  reason: string;
  source_refund_id: string | null;
  initiated_by_user_id: string | null;
  refund_date: Date | null;
  gateway_refund_id: string | null;
  gateway_request_id: string;
  failure_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A payment's rows to write: the payment, its attempts and its refunds. */
export interface PaymentTransactionWrite {
  payment: PaymentTransactionColumns;
  attempts: PaymentAttemptColumns[];
  refunds: RefundColumns[];
}
