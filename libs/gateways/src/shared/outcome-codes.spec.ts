import { momoResult } from '../momo/momo-result-codes';
import { isVnpayOutcomeUnknown, isVnpayStatusUnknown } from '../vnpay/vnpay-response-codes';
import { zalopayCallFailure } from '../zalopay/zalopay-result-codes';

// An ambiguous code must never read as a decline: a decline releases a refund's amount for another refund.
describe('ambiguous vs declined gateway codes', () => {
  it('MoMo: 40, 43, 98 and 99 are unknown; declines and request errors are final', () => {
    for (const code of [40, 43, 98, 99, Number.NaN]) expect(momoResult(code)).toBe('unknown');
    for (const code of [1000, 7000, 7002, 8000]) expect(momoResult(code)).toBe('pending');
    for (const code of [1001, 1002, 1004, 1005, 1006, 1080, 1081, 1088]) expect(momoResult(code)).toBe('failed');
    for (const code of [10, 11, 12, 13, 20, 21, 22, 41]) expect(momoResult(code)).toBe('request_error');
    expect(momoResult(0)).toBe('succeeded');
    expect(momoResult(42)).toBe('not_found');
  });

  it('VNPay: 94 and 99 are unknown; 00, 91, 95 and 97 are final', () => {
    expect(['94', '99'].map(isVnpayOutcomeUnknown)).toEqual([true, true]);
    expect(['00', '02', '03', '91', '95', '97'].map(isVnpayOutcomeUnknown)).toEqual(Array(6).fill(false));
  });

  it('VNPay: transaction status 07 (debited, held for review) is unknown; 00, 01, 02 are not', () => {
    expect(isVnpayStatusUnknown('07')).toBe(true);
    expect(['00', '01', '02', undefined].map(isVnpayStatusUnknown)).toEqual([false, false, false, false]);
  });

  it('ZaloPay: -500 and undocumented return codes are unknown; -401, -402, -429 refuse the request', () => {
    expect(zalopayCallFailure(2, '-500')).toBe('unknown');
    expect(zalopayCallFailure(0, '')).toBe('unknown');
    expect(zalopayCallFailure(Number.NaN, '')).toBe('unknown');
    for (const code of ['-401', '-402', '-429']) expect(zalopayCallFailure(2, code)).toBe('refused');
    for (const returnCode of [1, 2, 3]) expect(zalopayCallFailure(returnCode, '-13')).toBeNull();
  });
});
