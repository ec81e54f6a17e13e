import type { Refund } from '../refund/refund.entity';
import type {
  PaymentDomainEvent,
  PaymentDomainEventType,
  PaymentEventSubject,
  RefundEventSubject,
} from './payment.events';
import type { PaymentTransactionState } from './payment.snapshot';

type EventOf<T extends PaymentDomainEventType> = Extract<PaymentDomainEvent, { type: T }>;

/** Builds a payment event of `type` about `state`; the data's shape is checked against the event's type. */
export function paymentEvent<T extends PaymentDomainEventType>(
  type: T,
  state: PaymentTransactionState,
  occurredAt: Date,
  data: EventOf<T>['data'],
): EventOf<T> {
  // TypeScript cannot narrow a generic discriminant, so the union member is asserted; `data` is already typed.
  return {
    type,
    aggregateType: 'PaymentTransaction',
    aggregateId: state.id,
    tenantId: state.tenantId,
    occurredAt,
    data,
  } as EventOf<T>;
}

/** The payment facts every payment event repeats. */
export function paymentSubject(state: PaymentTransactionState): PaymentEventSubject {
  return {
    transactionId: state.id,
    sourceBoundedContext: state.source.boundedContext,
    sourceTransactionId: state.source.transactionId,
    gatewayType: state.gatewayType,
    gatewayConfigurationId: state.gatewayConfigurationId,
    amount: state.amount.minorUnits.toString(),
    currency: state.amount.currency,
  };
}

/** The refund and payment facts every refund event repeats. */
export function refundSubject(state: PaymentTransactionState, refund: Refund): RefundEventSubject {
  return {
    transactionId: state.id,
    refundId: refund.id,
    sourceRefundId: refund.sourceRefundId,
    sourceBoundedContext: state.source.boundedContext,
    sourceTransactionId: state.source.transactionId,
    gatewayType: state.gatewayType,
    amount: refund.amount.minorUnits.toString(),
    currency: refund.amount.currency,
    paymentAmount: state.amount.minorUnits.toString(),
  };
}
