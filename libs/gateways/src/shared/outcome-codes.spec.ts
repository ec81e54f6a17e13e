import { momoResult } from '../momo/momo-result-codes';
import { isVnpayDeclined, vnpayPaymentStatus, vnpayRefundStatus } from '../vnpay/vnpay-response-codes';
import { zalopayReading } from '../zalopay/zalopay-result-codes';
import { integerCode } from './scalar-text';

// Only an explicit decline may release money or fail a payment: a code not on a gateway's decline list, an empty
// code and an undocumented one all read as unknown.
describe('declined vs unknown gateway codes', () => {
  it('MoMo: the listed declines fail; 40, 41, 99, a missing and an undocumented code are unknown', () => {
    for (const code of [1001, 1002, 1004, 1005, 1006, 1007, 1080, 1081]) expect(momoResult(code)).toBe('failed');
    for (const code of [1003, 1017]) expect(momoResult(code)).toBe('cancelled');
    for (const code of [1000, 7000, 7002, 8000]) expect(momoResult(code)).toBe('pending');
    for (const code of [10, 11, 12, 13, 20, 21, 22]) expect(momoResult(code)).toBe('request_error');
    for (const code of [40, 41, 43, 98, 99, 1088, 4001, 1234, Number.NaN]) expect(momoResult(code)).toBe('unknown');
    expect(momoResult(integerCode(''))).toBe('unknown');
    expect(momoResult(integerCode(null))).toBe('unknown');
    expect(momoResult(integerCode(undefined))).toBe('unknown');
    expect(momoResult(integerCode('1006'))).toBe('failed');
    expect(momoResult(0)).toBe('succeeded');
    expect(momoResult(9000)).toBe('succeeded');
    expect(momoResult(42)).toBe('not_found');
  });

  it('VNPay merchant API: 02, 03, 91, 93, 95 and 97 decline; 94, 99, an empty and an undocumented code do not', () => {
    for (const code of ['02', '03', '91', '93', '95', '97']) expect(isVnpayDeclined(code)).toBe(true);
    for (const code of ['00', '94', '99', '', '42', '9']) expect(isVnpayDeclined(code)).toBe(false);
  });

  it('VNPay transaction status for a payment: only 02 fails it; 05/06/09 are refunds of a captured payment', () => {
    expect(vnpayPaymentStatus('00')).toBe('succeeded');
    expect(vnpayPaymentStatus('01')).toBe('pending');
    expect(vnpayPaymentStatus('02')).toBe('failed');
    for (const status of ['05', '06', '09']) expect(vnpayPaymentStatus(status)).toBe('succeeded');
    for (const status of ['04', '07', '', '08', undefined]) expect(vnpayPaymentStatus(status)).toBe('unknown');
  });

  it('VNPay transaction status for a refund: 00 refunded, 05/06 processing, only 09 declines', () => {
    expect(vnpayRefundStatus('00')).toBe('succeeded');
    expect(vnpayRefundStatus('05')).toBe('pending');
    expect(vnpayRefundStatus('06')).toBe('pending');
    expect(vnpayRefundStatus('09')).toBe('failed');
    for (const status of ['01', '02', '04', '07', '', '08']) expect(vnpayRefundStatus(status)).toBe('unknown');
  });

  it('ZaloPay: return_code 2 declines only with a listed sub code; -500, -68, empty and undocumented are unknown', () => {
    expect(zalopayReading(1, '1')).toBe('succeeded');
    expect(zalopayReading(3, '3')).toBe('pending');
    for (const sub of ['-2', '-3', '-13', '-14', '-54']) expect(zalopayReading(2, sub)).toBe('failed');
    for (const sub of ['-401', '-402', '-429']) expect(zalopayReading(2, sub)).toBe('refused');
    expect(zalopayReading(2, '-101')).toBe('not_found');
    for (const sub of ['-500', '-68', '', '-77']) expect(zalopayReading(2, sub)).toBe('unknown');
    expect(zalopayReading(1, '-500')).toBe('unknown');
    for (const code of [0, 4, Number.NaN, integerCode(''), integerCode(true)]) {
      expect(zalopayReading(code, '')).toBe('unknown');
    }
  });
});
