import type { OrderStatusAt } from '../shared/sandbox-order';
import type { ZalopayRefund } from './zalopay-order.store';

/** A ZaloPay reply's status part (a type, not an interface, so it widens to a reply record). */
export type ZalopayStatus = {
  return_code: 1 | 2 | 3;
  return_message: string;
  sub_return_code: number;
  sub_return_message: string;
};

/**
 * sub_return_code values. ZaloPay documents -68, -401, -402 and -54; where it leaves the code open the sandbox
 * picks: -101 order or refund not found, -2 payment failed, -3 cancelled by the customer, -13 refund beyond what
 * remains, -14 refund of a payment that is not paid.
 */
export const ZalopaySub = {
  ok: 1,
  processing: 3,
  failed: -2,
  cancelled: -3,
  refundExceedsRemaining: -13,
  notRefundable: -14,
  expired: -54,
  duplicateAppTransId: -68,
  notFound: -101,
  invalidData: -401,
  invalidMac: -402,
} as const;

const SUB_MESSAGES: Record<number, string> = {
  [ZalopaySub.ok]: 'Giao dịch thành công',
  [ZalopaySub.processing]: 'Giao dịch đang xử lý',
  [ZalopaySub.failed]: 'Giao dịch thất bại',
  [ZalopaySub.cancelled]: 'Người dùng đã huỷ giao dịch',
  [ZalopaySub.refundExceedsRemaining]: 'Số tiền hoàn vượt quá số tiền còn lại (refund exceeds the remaining amount)',
  [ZalopaySub.notRefundable]: 'Giao dịch chưa thanh toán thành công (payment not refundable)',
  [ZalopaySub.expired]: 'Giao dịch đã hết hạn (expired)',
  [ZalopaySub.duplicateAppTransId]: 'Mã giao dịch bị trùng (duplicate app_trans_id)',
  [ZalopaySub.notFound]: 'Không tìm thấy giao dịch (not found)',
  [ZalopaySub.invalidData]: 'Dữ liệu không hợp lệ (invalid data)',
  [ZalopaySub.invalidMac]: 'Thông tin xác thực không hợp lệ (invalid mac)',
};

const RETURN_MESSAGES = { 1: 'Thành công', 2: 'Thất bại', 3: 'Đang xử lý' } as const;

/** A status with ZaloPay's messages. */
export function zalopayStatus(returnCode: 1 | 2 | 3, subReturnCode: number): ZalopayStatus {
  return {
    return_code: returnCode,
    return_message: RETURN_MESSAGES[returnCode],
    sub_return_code: subReturnCode,
    sub_return_message: SUB_MESSAGES[subReturnCode] ?? '',
  };
}

/** `query`'s status of an order: 1 paid, 3 pending, 2 failed, cancelled or expired. */
export function orderStatusOf(status: OrderStatusAt): ZalopayStatus {
  switch (status) {
    case 'succeeded':
      return zalopayStatus(1, ZalopaySub.ok);
    case 'pending':
      return zalopayStatus(3, ZalopaySub.processing);
    case 'failed':
      return zalopayStatus(2, ZalopaySub.failed);
    case 'cancelled':
      return zalopayStatus(2, ZalopaySub.cancelled);
    case 'expired':
      return zalopayStatus(2, ZalopaySub.expired);
  }
}

/** A refund's status: 3 processing until its time has come, then 1 done. */
export function refundStatusOf(refund: ZalopayRefund, now: Date): ZalopayStatus {
  return refund.doneAt.getTime() <= now.getTime()
    ? zalopayStatus(1, ZalopaySub.ok)
    : zalopayStatus(3, ZalopaySub.processing);
}
