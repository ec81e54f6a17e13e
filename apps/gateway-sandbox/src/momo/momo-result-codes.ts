/** The MoMo result codes the sandbox answers with, and MoMo's messages for them (vi, en). */
export const MomoResult = {
  success: 0,
  accessDenied: 11,
  badFormat: 20,
  amountOutOfRange: 22,
  duplicateRequestId: 40,
  duplicateOrderId: 41,
  orderNotFound: 42,
  pending: 1000,
  cancelled: 1003,
  userDeclined: 1006,
  refundRejected: 1080,
} as const;

/** A result code MoMo may answer. */
export type MomoResultCode = (typeof MomoResult)[keyof typeof MomoResult];

const MESSAGES: Record<MomoResultCode, readonly [vi: string, en: string]> = {
  0: ['Thành công.', 'Successful.'],
  11: ['Truy cập bị từ chối.', 'Access denied.'],
  20: ['Yêu cầu sai định dạng.', 'Bad format request.'],
  22: ['Số tiền giao dịch không hợp lệ.', 'The transaction amount is out of range.'],
  40: ['RequestId bị trùng.', 'Duplicated requestId.'],
  41: ['OrderId bị trùng.', 'Duplicated orderId.'],
  42: ['OrderId không hợp lệ hoặc không được tìm thấy.', 'Invalid orderId or orderId is not found.'],
  1000: ['Giao dịch đã được khởi tạo, chờ người dùng xác nhận thanh toán.', 'Transaction initiated, waiting for user.'],
  1003: ['Giao dịch đã bị hủy.', 'Transaction cancelled.'],
  1006: ['Giao dịch thất bại do người dùng đã từ chối xác nhận thanh toán.', 'Transaction denied by user.'],
  1080: ['Giao dịch hoàn tiền bị từ chối.', 'Refund rejected.'],
};

/** MoMo's message for a code, in the request's language (`vi` unless `en`). */
export function momoMessage(resultCode: MomoResultCode, lang: string): string {
  return MESSAGES[resultCode][lang === 'en' ? 1 : 0];
}
