import { Injectable } from '@nestjs/common';
import { momoSign } from '@ppm/gateways';
import { CallbackDispatcher } from '../shared/callback-dispatcher.service';
import type { CheckoutCompletion, GatewayCheckout } from '../shared/gateway-checkout.port';
import { withQuery } from '../shared/request-fields';
import { settleOrder, statusAt, type CustomerOutcome } from '../shared/sandbox-order';
import { MomoOrderStore, type MomoOrder } from './momo-order.store';
import { MOMO_PAY_TYPES } from './momo-pay-types';
import { MomoResult, momoMessage, type MomoResultCode } from './momo-result-codes';

/** resultCode of the IPN per outcome: 1006 the customer declined, 1003 cancelled. */
const IPN_RESULTS: Record<CustomerOutcome, MomoResultCode> = {
  succeeded: MomoResult.success,
  failed: MomoResult.userDeclined,
  cancelled: MomoResult.cancelled,
};

/** MoMo's retry schedule is unconfirmed: the sandbox delivers an IPN at most 5 times. */
const IPN_ATTEMPTS = 5;

/** The customer's side of MoMo: completes an order and posts the signed IPN; the redirect carries the same fields. */
@Injectable()
export class MomoCheckout implements GatewayCheckout {
  readonly gatewayType = 'MOMO' as const;

  constructor(
    private readonly orders: MomoOrderStore,
    private readonly dispatcher: CallbackDispatcher,
  ) {}

  find(reference: string): MomoOrder | undefined {
    return this.orders.findByReference(reference);
  }

  async complete(reference: string, outcome: CustomerOutcome): Promise<CheckoutCompletion> {
    const order = this.orders.findByReference(reference);
    if (!order) return { kind: 'not_found' };
    const now = new Date();
    const status = statusAt(order, now);
    if (status !== 'pending') return { kind: 'final', status };
    settleOrder(order, outcome, now, this.orders.assignTransId(order));
    const resultCode = IPN_RESULTS[outcome];
    const ipn = {
      partnerCode: order.partner.partnerCode,
      orderId: order.reference,
      requestId: order.requestId,
      amount: order.amount,
      orderInfo: order.orderInfo,
      orderType: 'momo_wallet',
      transId: Number(order.transactionId),
      resultCode,
      message: momoMessage(resultCode, order.lang),
      payType: MOMO_PAY_TYPES[order.requestType] ?? '',
      responseTime: now.getTime(),
      extraData: order.extraData,
    };
    const signed = {
      ...ipn,
      signature: momoSign('ipn', { ...ipn, accessKey: order.partner.accessKey }, order.partner.secretKey),
    };
    order.delivery = await this.dispatcher.deliver({
      gatewayType: 'MOMO',
      url: order.ipnUrl,
      method: 'POST',
      body: JSON.stringify(signed),
      maxAttempts: IPN_ATTEMPTS,
      isAcknowledged: (httpStatus) => httpStatus >= 200 && httpStatus < 300,
    });
    const returnParams = new URLSearchParams(Object.entries(signed).map(([k, v]): [string, string] => [k, String(v)]));
    return {
      kind: 'completed',
      order,
      delivery: order.delivery,
      redirectUrl: withQuery(order.redirectUrl, returnParams),
    };
  }
}
