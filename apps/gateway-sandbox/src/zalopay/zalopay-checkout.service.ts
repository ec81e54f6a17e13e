import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { zalopayCallbackMac, zalopayMac } from '@ppm/gateways';
import type { CallbackDelivery } from '../shared/callback-delivery';
import { CallbackDispatcher } from '../shared/callback-dispatcher.service';
import type { CheckoutCompletion, GatewayCheckout } from '../shared/gateway-checkout.port';
import { withQuery } from '../shared/request-fields';
import { settleOrder, statusAt, type CustomerOutcome } from '../shared/sandbox-order';
import { ZalopayOrderStore, type ZalopayOrder } from './zalopay-order.store';

/** ZaloPay calls back at most 3 times. */
const CALLBACK_ATTEMPTS = 3;
/** ZaloPay's channel (pmcid) of a wallet payment. */
const WALLET_CHANNEL = 38;

/**
 * The customer's side of ZaloPay: completes an order; only a success is called back (POST `{ data, mac, type }`,
 * mac = HMAC-SHA256(key2, data)). A failure or cancellation is learnt by `query`.
 */
@Injectable()
export class ZalopayCheckout implements GatewayCheckout {
  readonly gatewayType = 'ZALOPAY' as const;

  constructor(
    private readonly orders: ZalopayOrderStore,
    private readonly dispatcher: CallbackDispatcher,
  ) {}

  find(reference: string): ZalopayOrder | undefined {
    return this.orders.findByReference(reference);
  }

  async complete(reference: string, outcome: CustomerOutcome): Promise<CheckoutCompletion> {
    const order = this.orders.findByReference(reference);
    if (!order) return { kind: 'not_found' };
    const now = new Date();
    const status = statusAt(order, now);
    if (status !== 'pending') return { kind: 'final', status };
    const succeeded = outcome === 'succeeded';
    settleOrder(order, outcome, now, succeeded ? this.orders.assignZpTransId(order, now) : null);
    if (succeeded) order.delivery = await this.callBack(order, now);
    return { kind: 'completed', order, delivery: order.delivery, redirectUrl: this.redirectOf(order, succeeded) };
  }

  private callBack(order: ZalopayOrder, now: Date): Promise<CallbackDelivery> {
    const data = JSON.stringify({
      app_id: Number(order.app.appId),
      app_trans_id: order.reference,
      app_time: order.appTime,
      app_user: order.appUser,
      amount: order.amount,
      embed_data: order.embedData,
      item: order.item,
      zp_trans_id: Number(order.transactionId),
      server_time: now.getTime(),
      channel: WALLET_CHANNEL,
      merchant_user_id: createHash('sha256').update(order.appUser).digest('base64url').slice(0, 20),
      user_fee_amount: 0,
      discount_amount: 0,
    });
    return this.dispatcher.deliver({
      gatewayType: 'ZALOPAY',
      url: order.callbackUrl,
      method: 'POST',
      body: JSON.stringify({ data, mac: zalopayCallbackMac(order.app.key2, data), type: 1 }),
      maxAttempts: CALLBACK_ATTEMPTS,
      isAcknowledged: (_httpStatus, body) => [1, 2].includes(returnCodeOf(body)),
    });
  }

  /** embed_data.redirecturl with ZaloPay's return parameters; checksum = HMAC-SHA256(key2) over them. */
  private redirectOf(order: ZalopayOrder, succeeded: boolean): string | null {
    if (!order.redirectUrl) return null;
    const values = {
      appid: order.app.appId,
      apptransid: order.reference,
      pmcid: String(WALLET_CHANNEL),
      bankcode: order.bankCode,
      amount: String(order.amount),
      discountamount: '0',
      status: succeeded ? '1' : '-1',
    };
    const checksum = zalopayMac(order.app.key2, Object.values(values));
    return withQuery(order.redirectUrl, new URLSearchParams({ ...values, checksum }));
  }
}

function returnCodeOf(body: string): number {
  try {
    const reply = JSON.parse(body) as { return_code?: unknown };
    return typeof reply.return_code === 'number' ? reply.return_code : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
