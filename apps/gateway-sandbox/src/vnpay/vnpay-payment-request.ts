import { failure, success, type Result } from '@ppm/domain';
import { parseGmt7Timestamp } from '@ppm/gateways';
import { isHttpUrl } from '../shared/request-fields';

/** A payment URL's parameters, checked. */
export interface VnpayPaymentRequest {
  tmnCode: string;
  txnRef: string;
  /** VND (vnp_Amount / 100). */
  amount: number;
  createDate: string;
  createdAt: Date;
  expiresAt: Date;
  orderInfo: string;
  returnUrl: string;
  bankCode: string;
}

/** `03` invalid data format; `11` the payment has expired. */
export type VnpayPaymentReading = Result<VnpayPaymentRequest, '03' | '11'>;

const REQUIRED = [
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_Amount',
  'vnp_CreateDate',
  'vnp_CurrCode',
  'vnp_IpAddr',
  'vnp_Locale',
  'vnp_OrderInfo',
  'vnp_OrderType',
  'vnp_ReturnUrl',
  'vnp_TxnRef',
  'vnp_ExpireDate',
] as const;

const INVALID = failure('03' as const);

/**
 * Checks a payment URL's parameters (signature and merchant already checked): API 2.1.0, `pay`, VND, vnp_Amount in
 * digits (at most 12), a multiple of 100 and positive, GMT+7 dates, a known locale, a http(s) return URL, and an
 * expiry still ahead of `now`.
 */
export function readVnpayPaymentRequest(params: Readonly<Record<string, string>>, now: Date): VnpayPaymentReading {
  if (REQUIRED.some((key) => !params[key])) return INVALID;
  const p = params as Readonly<Record<(typeof REQUIRED)[number], string>> & { vnp_BankCode?: string };
  if (p.vnp_Version !== '2.1.0' || p.vnp_Command !== 'pay' || p.vnp_CurrCode !== 'VND') return INVALID;
  if (!/^\d{1,12}$/.test(p.vnp_Amount) || Number(p.vnp_Amount) % 100 !== 0 || Number(p.vnp_Amount) === 0) {
    return INVALID;
  }
  const createdAt = parseGmt7Timestamp(p.vnp_CreateDate);
  const expiresAt = parseGmt7Timestamp(p.vnp_ExpireDate);
  if (!createdAt || !expiresAt || expiresAt <= createdAt) return INVALID;
  if (!['vn', 'en'].includes(p.vnp_Locale) || p.vnp_TxnRef.length > 100 || p.vnp_OrderInfo.length > 255) return INVALID;
  if (!isHttpUrl(p.vnp_ReturnUrl)) return INVALID;
  if (expiresAt.getTime() <= now.getTime()) return failure('11');
  return success({
    tmnCode: p.vnp_TmnCode,
    txnRef: p.vnp_TxnRef,
    amount: Number(p.vnp_Amount) / 100,
    createDate: p.vnp_CreateDate,
    createdAt,
    expiresAt,
    orderInfo: p.vnp_OrderInfo,
    returnUrl: p.vnp_ReturnUrl,
    bankCode: p.vnp_BankCode ?? '',
  });
}
