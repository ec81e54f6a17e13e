import {
  Money,
  PAYMENT_ATTEMPT_STATUSES,
  PAYMENT_STATUSES,
  PaymentTransaction,
  REFUND_STATUSES,
  isGatewayType,
  isPaymentMethod,
  type PaymentAttemptSnapshot,
  type PaymentAttemptStatus,
  type PaymentStatus,
  type PaymentTransactionSnapshot,
  type RefundSnapshot,
  type RefundStatus,
} from '@ppm/domain';
import type {
  PaymentAttemptRow,
  PaymentTransactionRow,
  PaymentTransactionWrite,
  RefundRow,
} from './payment-transaction.rows';

/**
 * Maps a payment between its rows (`payment_transactions`, `payment_attempts`, `refunds`) and its domain snapshot.
 * Amounts stay exact: bigint columns travel as decimal text and become `Money` through `Money.of`. A row the
 * domain cannot represent (an unknown status, a missing required column) throws: it is corrupt data, not a
 * business outcome.
 */
export class PaymentTransactionMapper {
  /** The payment a row (with its attempts and refunds) stores. */
  toDomain(row: PaymentTransactionRow): PaymentTransaction {
    return PaymentTransaction.restore(this.toSnapshot(row));
  }

  /** The snapshot a row (with its attempts and refunds) stores. */
  toSnapshot(row: PaymentTransactionRow): PaymentTransactionSnapshot {
    const where = `payment_transactions ${row.id}`;
    return {
      id: row.id,
      tenantId: row.tenant_id,
      amount: money(row.amount, row.currency, where),
      paymentMethod: oneOf(row.payment_method_type, isPaymentMethod, 'payment_method_type', where),
      status: oneOf(row.status, isPaymentStatus, 'status', where),
      source: { boundedContext: row.source_bounded_context, transactionId: row.source_transaction_id },
      gatewayConfigurationId: required(row.payment_gateway_id, 'payment_gateway_id', where),
      gatewayType: oneOf(required(row.gateway_type, 'gateway_type', where), isGatewayType, 'gateway_type', where),
      gatewayReference: row.gateway_reference,
      gatewayTransactionId: row.gateway_transaction_id,
      description: required(row.description, 'description', where),
      returnUrl: required(row.return_url, 'return_url', where),
      paymentUrl: row.payment_url,
      expiresAt: required(row.expires_at, 'expires_at', where),
      initiatedByUserId: row.initiated_by_user_id,
      metadata: row.metadata,
      customerRef: row.customer_ref,
      clientIp: row.client_ip,
      callbackUrl: row.callback_url,
      lateCapture: row.late_capture,
      failureCode: row.failure_code,
      failureReason: row.failure_reason,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      completedAt: row.completed_at,
      version: row.version,
      attempts: row.attempts.map((attempt) => this.attemptSnapshot(attempt)),
      refunds: row.refunds.map((refund) => this.refundSnapshot(refund)),
    };
  }

  /** The rows that store `payment` as it is now. */
  toColumns(payment: PaymentTransaction): PaymentTransactionWrite {
    const s = payment.toSnapshot();
    const owner = { tenant_id: s.tenantId, payment_transaction_id: s.id };
    return {
      payment: {
        id: s.id,
        tenant_id: s.tenantId,
        amount: s.amount.minorUnits.toString(),
        currency: s.amount.currency,
        payment_method_type: s.paymentMethod,
        status: s.status,
        initiated_by_user_id: s.initiatedByUserId,
        source_bounded_context: s.source.boundedContext,
        source_transaction_id: s.source.transactionId,
        payment_gateway_id: s.gatewayConfigurationId,
        gateway_type: s.gatewayType,
        gateway_reference: s.gatewayReference,
        gateway_transaction_id: s.gatewayTransactionId,
        description: s.description,
        return_url: s.returnUrl,
        payment_url: s.paymentUrl,
        expires_at: s.expiresAt,
        refunded_amount: payment.refundedAmount().minorUnits.toString(),
        late_capture: s.lateCapture,
        metadata: s.metadata === null ? null : JSON.stringify(s.metadata),
        customer_ref: s.customerRef,
        client_ip: s.clientIp,
        callback_url: s.callbackUrl,
        failure_code: s.failureCode,
        failure_reason: s.failureReason,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
        completed_at: s.completedAt,
      },
      attempts: s.attempts.map((a) => ({
        id: a.id,
        ...owner,
        attempt_number: a.attemptNumber,
        // An attempt has no gateway of its own in the domain: it is a call to its payment's gateway.
        gateway_type: s.gatewayType,
        gateway_request_id: a.gatewayRequestId,
        status: a.status,
        gateway_response: a.gatewayResponse === null ? null : JSON.stringify(a.gatewayResponse),
        failure_code: a.failureCode,
        failure_reason: a.failureReason,
        created_at: a.createdAt,
        completed_at: a.completedAt,
      })),
      refunds: s.refunds.map((r) => ({
        id: r.id,
        ...owner,
        amount: r.amount.minorUnits.toString(),
        currency: r.amount.currency,
        status: r.status,
        reason: r.reason,
        source_refund_id: r.sourceRefundId,
        initiated_by_user_id: r.initiatedByUserId,
        refund_date: r.refundDate,
        gateway_refund_id: r.gatewayRefundId,
        gateway_request_id: r.gatewayRequestId,
        failure_reason: r.failureReason,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
      })),
    };
  }

  private attemptSnapshot(row: PaymentAttemptRow): PaymentAttemptSnapshot {
    const where = `payment_attempts ${row.id}`;
    return {
      id: row.id,
      attemptNumber: row.attempt_number,
      gatewayRequestId: row.gateway_request_id,
      status: oneOf(row.status, isAttemptStatus, 'status', where),
      gatewayResponse: row.gateway_response,
      failureCode: row.failure_code,
      failureReason: row.failure_reason,
      createdAt: new Date(row.created_at),
      completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    };
  }

  private refundSnapshot(row: RefundRow): RefundSnapshot {
    const where = `refunds ${row.id}`;
    return {
      id: row.id,
      amount: money(row.amount, row.currency, where),
      status: oneOf(row.status, isRefundStatus, 'status', where),
      reason: required(row.reason, 'reason', where),
      sourceRefundId: row.source_refund_id,
      gatewayRequestId: row.gateway_request_id,
      gatewayRefundId: row.gateway_refund_id,
      initiatedByUserId: row.initiated_by_user_id,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
      refundDate: row.refund_date === null ? null : new Date(row.refund_date),
      failureReason: row.failure_reason,
    };
  }
}

function money(amount: string, currency: string, where: string): Money {
  const parsed = Money.of(amount, currency);
  if (!parsed.ok) throw new Error(`${where}: stored amount is not valid money (${parsed.error.code})`);
  return parsed.value;
}

function required<T>(value: T | null, column: string, where: string): T {
  if (value === null) throw new Error(`${where}: ${column} is null, but a payment always has one`);
  return value;
}

function oneOf<T extends string>(value: string, is: (v: string) => v is T, column: string, where: string): T {
  if (!is(value)) throw new Error(`${where}: unknown ${column} ${value}`);
  return value;
}

function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}

function isAttemptStatus(value: string): value is PaymentAttemptStatus {
  return (PAYMENT_ATTEMPT_STATUSES as readonly string[]).includes(value);
}

function isRefundStatus(value: string): value is RefundStatus {
  return (REFUND_STATUSES as readonly string[]).includes(value);
}
