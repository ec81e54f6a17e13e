import { invalidAmount, validationError } from '../shared/domain.errors';
import { failure, success, type Result } from '../shared/result';
import { applied, type PaymentDecision } from './payment-decision';
import { paymentEvent, paymentSubject } from './payment-event-data';
import type { CreatePaymentTransactionInput } from './payment-transaction.inputs';
import type { PaymentTransactionState } from './payment.snapshot';

/**
 * Decides a new payment: PENDING, version 0 (never saved), with `PaymentCreated`. Refuses a non-positive amount
 * (INVALID_AMOUNT), an expiry not after `now` and an empty source (VALIDATION_ERROR). The payment method, gateway
 * type and currency are typed values the edge has already parsed.
 */
export function decideCreate(input: CreatePaymentTransactionInput): Result<PaymentDecision> {
  if (!input.amount.isPositive()) {
    return failure(invalidAmount('A payment amount must be positive', { amount: input.amount.minorUnits.toString() }));
  }
  if (input.expiresAt.getTime() <= input.now.getTime()) {
    return failure(validationError('expiresAt', 'A payment must expire after it is created'));
  }
  if (input.source.boundedContext.trim() === '' || input.source.transactionId.trim() === '') {
    return failure(validationError('source', 'A payment needs its source bounded context and transaction id'));
  }
  const state: PaymentTransactionState = {
    id: input.id,
    tenantId: input.tenantId,
    amount: input.amount,
    paymentMethod: input.paymentMethod,
    status: 'PENDING',
    source: { boundedContext: input.source.boundedContext, transactionId: input.source.transactionId },
    gatewayConfigurationId: input.gatewayConfigurationId,
    gatewayType: input.gatewayType,
    gatewayReference: null,
    gatewayTransactionId: null,
    description: input.description,
    returnUrl: input.returnUrl,
    paymentUrl: null,
    expiresAt: input.expiresAt,
    initiatedByUserId: input.initiatedByUserId ?? null,
    metadata: input.metadata ?? null,
    customerRef: input.customerRef ?? null,
    clientIp: input.clientIp ?? null,
    callbackUrl: input.callbackUrl ?? null,
    lateCapture: false,
    failureCode: null,
    failureReason: null,
    createdAt: input.now,
    updatedAt: input.now,
    completedAt: null,
    version: 0,
    attempts: [],
    refunds: [],
  };
  const event = paymentEvent('PaymentCreated', state, input.now, {
    ...paymentSubject(state),
    paymentMethod: state.paymentMethod,
    description: state.description,
    expiresAt: state.expiresAt.toISOString(),
    initiatedByUserId: state.initiatedByUserId,
  });
  return success(applied(state, [event]));
}
