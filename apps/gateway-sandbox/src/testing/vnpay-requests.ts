import {
  gmt7Timestamp,
  VNPAY_QUERY_RESPONSE_FIELDS,
  VNPAY_REFUND_RESPONSE_FIELDS,
  vnpaySignParams,
  vnpaySignPipe,
} from '@ppm/gateways';
import { postJson, uniqueReference } from './sandbox-http';

/** The demo VNPay merchant the sandbox always has. */
export const VNPAY_DEMO = { tmnCode: 'PPMDEMO1', hashSecret: 'ppm-vnpay-secret' };

/** A payment URL's parameters as a merchant builds them (unsigned); 150,000 VND unless overridden. */
export function vnpayPaymentParams(overrides: Record<string, string> = {}, now = new Date()): Record<string, string> {
  return {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: VNPAY_DEMO.tmnCode,
    vnp_Amount: '15000000',
    vnp_CreateDate: gmt7Timestamp(now),
    vnp_ExpireDate: gmt7Timestamp(new Date(now.getTime() + 15 * 60_000)),
    vnp_CurrCode: 'VND',
    vnp_IpAddr: '127.0.0.1',
    vnp_Locale: 'vn',
    vnp_OrderInfo: 'Thanh toan don hang ORD-1001',
    vnp_OrderType: 'other',
    vnp_ReturnUrl: 'http://127.0.0.1:3002/api/v1/ppm/gateway/return/vnpay',
    vnp_TxnRef: uniqueReference(),
    ...overrides,
  };
}

/** Opens the signed payment URL; `error` is the code of VNPay's error page, null on the pay page. */
export async function openVnpayPayment(
  baseUrl: string,
  params: Record<string, string>,
  hashSecret = VNPAY_DEMO.hashSecret,
  tamper: Record<string, string> = {},
): Promise<{ status: number; html: string; error: string | null }> {
  const query = new URLSearchParams({ ...params, vnp_SecureHash: vnpaySignParams(params, hashSecret), ...tamper });
  const response = await fetch(`${baseUrl}/paymentv2/vpcpay.html?${query.toString()}`);
  const html = await response.text();
  return { status: response.status, html, error: /data-vnp-error="(\d+)"/.exec(html)?.[1] ?? null };
}

/** A payment's identity for merchant_webapi. */
export interface VnpayPayment {
  txnRef: string;
  createDate: string;
}

/** POSTs a signed querydr. */
export function vnpayQuerydr(
  baseUrl: string,
  payment: VnpayPayment,
  requestId = uniqueReference('Q'),
  hashSecret = VNPAY_DEMO.hashSecret,
): Promise<{ json: Record<string, string> }> {
  const fields = {
    vnp_RequestId: requestId,
    vnp_Version: '2.1.0',
    vnp_Command: 'querydr',
    vnp_TmnCode: VNPAY_DEMO.tmnCode,
    vnp_TxnRef: payment.txnRef,
    vnp_TransactionDate: payment.createDate,
    vnp_CreateDate: gmt7Timestamp(new Date()),
    vnp_IpAddr: '127.0.0.1',
    vnp_OrderInfo: `Truy van giao dich ${payment.txnRef}`,
  };
  const vnp_SecureHash = vnpaySignPipe(Object.values(fields), hashSecret);
  return postJson<Record<string, string>>(`${baseUrl}/merchant_webapi/api/transaction`, { ...fields, vnp_SecureHash });
}

/** POSTs a signed refund of `amount` VND (`02` full, `03` partial). */
export function vnpayRefund(
  baseUrl: string,
  payment: VnpayPayment & { transactionNo: string },
  amount: number,
  transactionType: '02' | '03',
): Promise<{ json: Record<string, string> }> {
  const fields = {
    vnp_RequestId: uniqueReference('R'),
    vnp_Version: '2.1.0',
    vnp_Command: 'refund',
    vnp_TmnCode: VNPAY_DEMO.tmnCode,
    vnp_TransactionType: transactionType,
    vnp_TxnRef: payment.txnRef,
    vnp_Amount: String(amount * 100),
    vnp_TransactionNo: payment.transactionNo,
    vnp_TransactionDate: payment.createDate,
    vnp_CreateBy: 'admin',
    vnp_CreateDate: gmt7Timestamp(new Date()),
    vnp_IpAddr: '127.0.0.1',
    vnp_OrderInfo: `Hoan tien ${payment.txnRef}`,
  };
  const vnp_SecureHash = vnpaySignPipe(Object.values(fields), VNPAY_DEMO.hashSecret);
  return postJson<Record<string, string>>(`${baseUrl}/merchant_webapi/api/transaction`, { ...fields, vnp_SecureHash });
}

/** The hash a merchant_webapi response must carry (refund responses sign no Promotion fields). */
export function expectedResponseHash(response: Record<string, string>): string {
  const fields = response['vnp_Command'] === 'refund' ? VNPAY_REFUND_RESPONSE_FIELDS : VNPAY_QUERY_RESPONSE_FIELDS;
  return vnpaySignPipe(
    fields.map((f) => response[f]),
    VNPAY_DEMO.hashSecret,
  );
}
