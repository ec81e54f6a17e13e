import { createHash, timingSafeEqual } from 'node:crypto';
import { buildVietQrPayload, failure, success, vietQrPaymentCode } from '@ppm/domain';
import { GatewayCallError } from '../port/gateway-call.error';
import type {
  CallbackCheck,
  CreatedPayment,
  CreatePaymentRequest,
  PaymentStatus,
  RawCallback,
  RefundStatus,
  VietqrCredentials,
} from '../port/gateway-types';
import type { PaymentGateway } from '../port/payment-gateway.port';
import { paymentCodeOf, readSepayNotification } from './sepay-notification';
import { vietQrImage } from './vietqr-image';

const NO_REFUND_API = 'VietQR payments are refunded by the merchant’s own bank transfer, recorded as manual refunds';

/**
 * A bank account paid by VietQR. Opening an order calls nobody: the QR code is built here (EMVCo payload with the
 * amount and the payment's code as transfer content, and its PNG), and the payment's gateway reference becomes
 * that code, which SePay's notification of the transfer carries back. SePay authenticates a notification with
 * `Authorization: Apikey <key>`, the configuration's notification secret. A bank has no status or refund API.
 */
export class VietqrGateway implements PaymentGateway {
  readonly gatewayType = 'VIETQR' as const;

  constructor(private readonly credentials: VietqrCredentials) {}

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const code = vietQrPaymentCode(request.reference);
    const payload = buildVietQrPayload({
      bankBin: this.credentials.bankBin,
      accountNumber: this.credentials.accountNumber,
      amount: request.amount,
      purpose: code,
    });
    if (!payload.ok) throw GatewayCallError.refused(`VietQR code not built: ${payload.error.message}`);
    const qrImage = await vietQrImage(payload.value);
    return {
      // The image is the payment's link: a screen or an invoice shows it as is.
      paymentUrl: qrImage,
      gatewayReference: code,
      expiresAt: request.expiresAt,
      raw: { qrPayload: payload.value },
      qr: { qrPayload: payload.value, qrImage },
    };
  }

  verifyCallback(callback: RawCallback): CallbackCheck {
    if (!this.authorized(callback.headers['authorization'])) return failure('BAD_SIGNATURE');
    const notification = readSepayNotification(callback.rawBody);
    if (!notification || !/^\d+$/.test(notification.transferAmount)) return failure('MALFORMED');
    if (notification.accountNumber !== this.credentials.accountNumber) return failure('UNKNOWN_MERCHANT');
    return success({
      gatewayReference: paymentCodeOf(notification) ?? '',
      gatewayTransactionId: notification.referenceCode || notification.id,
      amount: BigInt(notification.transferAmount),
      // Money out of the account (the merchant's own refund transfer, say) pays nothing.
      outcome: notification.transferType === 'in' ? 'succeeded' : 'pending',
      rawCodes: { transferType: notification.transferType },
      dedupKey: `sepay:${notification.id}`,
    });
  }

  // No order exists at the bank to ask about: an unpaid VietQR payment expires on its own clock, and an order
  // whose opening was interrupted is opened again (building a QR code twice gives the same code).
  queryPayment(): Promise<PaymentStatus> {
    return Promise.resolve({ outcome: 'not_found', gatewayTransactionId: null, amount: null, rawCode: '', raw: {} });
  }

  refund(): Promise<RefundStatus> {
    return Promise.reject(GatewayCallError.refused(NO_REFUND_API));
  }

  queryRefund(): Promise<RefundStatus> {
    return Promise.reject(GatewayCallError.refused(NO_REFUND_API));
  }

  // Compared as digests so that neither the length nor the content of the secret leaks through timing.
  private authorized(header: string | undefined): boolean {
    const match = /^Apikey (.+)$/.exec(header ?? '');
    if (!match || !this.credentials.notificationSecret) return false;
    const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
    return timingSafeEqual(digest(match[1]), digest(this.credentials.notificationSecret));
  }
}
