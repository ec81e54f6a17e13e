import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { gmt7DatePrefix, signaturesMatch, zalopayMac } from '@ppm/gateways';
import { SandboxConfig } from '../sandbox.config';
import { MerchantStore, type ZalopayMerchant } from '../sandbox-control/merchant.store';
import { fieldsOf, integerField, isHttpUrl, textField, type RequestFields } from '../shared/request-fields';
import { remainingRefundable, statusAt } from '../shared/sandbox-order';
import { orderStatusOf, refundStatusOf, ZalopaySub, zalopayStatus, type ZalopayStatus } from './zalopay-codes';
import { ZalopayOrderStore } from './zalopay-order.store';

/** ZaloPay accepts an app_time within 15 minutes of its own clock. */
const APP_TIME_WINDOW_MS = 15 * 60_000;
const DEFAULT_EXPIRY_SECONDS = 900;
const MAX_EXPIRY_SECONDS = 2_592_000;

type Reply = ZalopayStatus & Record<string, unknown>;

/** A request read from its body: its fields as text and the app it names. */
interface ZalopayRequest {
  text: (key: string) => string;
  app: ZalopayMerchant | undefined;
}

/**
 * ZaloPay v2 create / query / refund / query_refund (JSON or form bodies), each authenticated by a mac with key1.
 * Errors are HTTP 200 with return_code 2 and a sub_return_code (see ZalopaySub).
 */
@Injectable()
export class ZalopayOpenApi {
  private readonly orderBaseUrl: string;

  constructor(
    private readonly config: SandboxConfig,
    private readonly merchants: MerchantStore,
    private readonly orders: ZalopayOrderStore,
  ) {
    this.orderBaseUrl = `${config.SANDBOX_PUBLIC_URL.replace(/\/+$/, '')}/sandbox/pay/zalopay`;
  }

  /** mac over app_id|app_trans_id|app_user|amount|app_time|embed_data|item. */
  create(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, app } = this.read(fields);
    if (!app) return fail(ZalopaySub.invalidData);
    const amount = integerField(fields, 'amount');
    const appTime = integerField(fields, 'app_time');
    const required = ['app_user', 'app_trans_id', 'embed_data', 'item', 'description'];
    if (required.some((k) => !text(k)) || amount === null || amount <= 0 || appTime === null) {
      return fail(ZalopaySub.invalidData);
    }
    const signed = ['app_id', 'app_trans_id', 'app_user', 'amount', 'app_time', 'embed_data', 'item'].map(text);
    if (!signaturesMatch(zalopayMac(app.key1, signed), fields['mac'])) return fail(ZalopaySub.invalidMac);
    const now = new Date();
    const appTransId = text('app_trans_id');
    const embedJson = jsonOf(text('embed_data'));
    const embedData = isPlainObject(embedJson) ? embedJson : null;
    const callbackUrl = text('callback_url') || app.callbackUrl;
    const expirySeconds =
      fields['expire_duration_seconds'] === undefined
        ? DEFAULT_EXPIRY_SECONDS
        : integerField(fields, 'expire_duration_seconds');
    const wellFormed =
      appTransId.startsWith(`${gmt7DatePrefix(now)}_`) &&
      appTransId.length <= 40 &&
      embedData !== null &&
      Array.isArray(jsonOf(text('item'))) &&
      isHttpUrl(callbackUrl) &&
      expirySeconds !== null &&
      expirySeconds > 0 &&
      expirySeconds <= MAX_EXPIRY_SECONDS;
    if (!wellFormed) return fail(ZalopaySub.invalidData);
    if (Math.abs(now.getTime() - appTime) > APP_TIME_WINDOW_MS) return fail(ZalopaySub.expired);
    if (this.orders.find(app.appId, appTransId)) return fail(ZalopaySub.duplicateAppTransId);
    const redirectUrl = embedData?.['redirecturl'];
    this.orders.add({
      merchantId: app.appId,
      reference: appTransId,
      amount,
      status: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + expirySeconds * 1000),
      completedAt: null,
      transactionId: null,
      refunds: [],
      delivery: null,
      app,
      appUser: text('app_user'),
      appTime,
      embedData: text('embed_data'),
      item: text('item'),
      description: text('description'),
      bankCode: text('bank_code'),
      callbackUrl,
      redirectUrl: typeof redirectUrl === 'string' && isHttpUrl(redirectUrl) ? redirectUrl : null,
    });
    const token = randomBytes(16).toString('base64url');
    return {
      ...zalopayStatus(1, ZalopaySub.ok),
      order_url: `${this.orderBaseUrl}/${encodeURIComponent(appTransId)}`,
      zp_trans_token: token,
      order_token: token,
    };
  }

  /** mac over app_id|app_trans_id|key1. An order past its expiry that was never paid reports 2 / -54. */
  query(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, app } = this.read(fields);
    if (!app || !text('app_trans_id')) return fail(ZalopaySub.invalidData);
    const mac = zalopayMac(app.key1, [app.appId, text('app_trans_id'), app.key1]);
    if (!signaturesMatch(mac, fields['mac'])) return fail(ZalopaySub.invalidMac);
    const order = this.orders.find(app.appId, text('app_trans_id'));
    if (!order) return fail(ZalopaySub.notFound);
    const status = statusAt(order, new Date());
    return {
      ...orderStatusOf(status),
      is_processing: status === 'pending',
      amount: order.amount,
      zp_trans_id: order.transactionId ? Number(order.transactionId) : 0,
      server_time: order.completedAt?.getTime() ?? 0,
      discount_amount: 0,
    };
  }

  /**
   * mac over app_id|zp_trans_id|amount|description|timestamp. Asynchronous: answers 3 (processing) and is done
   * SANDBOX_ZALOPAY_REFUND_DELAY_MS later. The same m_refund_id again answers that refund's current state.
   */
  refund(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, app } = this.read(fields);
    const amount = integerField(fields, 'amount');
    if (!app || !text('m_refund_id') || !text('zp_trans_id') || !text('timestamp') || amount === null || amount <= 0) {
      return fail(ZalopaySub.invalidData);
    }
    const signed = [text('app_id'), text('zp_trans_id'), text('amount'), text('description'), text('timestamp')];
    if (!signaturesMatch(zalopayMac(app.key1, signed), fields['mac'])) return fail(ZalopaySub.invalidMac);
    const mRefundId = text('m_refund_id');
    if (!new RegExp(`^\\d{6}_${app.appId}_.+$`).test(mRefundId)) return fail(ZalopaySub.invalidData);
    const now = new Date();
    const existing = this.orders.findRefund(app.appId, mRefundId);
    if (existing) return { ...refundStatusOf(existing, now), refund_id: Number(existing.refundId) };
    const payment = this.orders.findByZpTransId(app.appId, text('zp_trans_id'));
    if (!payment) return fail(ZalopaySub.notFound);
    if (payment.status !== 'succeeded') return fail(ZalopaySub.notRefundable);
    if (amount > remainingRefundable(payment)) return fail(ZalopaySub.refundExceedsRemaining);
    const refund = this.orders.addRefund(payment, {
      mRefundId,
      amount,
      createdAt: now,
      doneAt: new Date(now.getTime() + this.config.SANDBOX_ZALOPAY_REFUND_DELAY_MS),
    });
    return { ...zalopayStatus(3, ZalopaySub.processing), refund_id: Number(refund.refundId) };
  }

  /** mac over app_id|m_refund_id|timestamp: 1 done, 3 processing. */
  queryRefund(body: unknown): Reply {
    const fields = fieldsOf(body);
    const { text, app } = this.read(fields);
    if (!app || !text('m_refund_id') || !text('timestamp')) return fail(ZalopaySub.invalidData);
    const mac = zalopayMac(app.key1, [text('app_id'), text('m_refund_id'), text('timestamp')]);
    if (!signaturesMatch(mac, fields['mac'])) return fail(ZalopaySub.invalidMac);
    const refund = this.orders.findRefund(app.appId, text('m_refund_id'));
    return refund ? refundStatusOf(refund, new Date()) : fail(ZalopaySub.notFound);
  }

  private read(fields: RequestFields): ZalopayRequest {
    const text = (key: string): string => textField(fields, key) ?? '';
    return { text, app: this.merchants.zalopayApp(text('app_id')) };
  }
}

function fail(subReturnCode: number): Reply {
  return zalopayStatus(2, subReturnCode);
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
