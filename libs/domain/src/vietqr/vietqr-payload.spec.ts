import fc from 'fast-check';
import { emvCrc } from './emv-crc';
import { buildVietQrPayload, parseVietQrPayload, vietQrPurpose, type VietQrPayload } from './vietqr-payload';

const ACCOUNT = { bankBin: '970415', accountNumber: '0011001932418' };
const VECTOR =
  '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';

function built(payload: VietQrPayload): string {
  const result = buildVietQrPayload(payload);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('VietQR payload', () => {
  it('builds NAPAS’s example byte for byte', () => {
    expect(built({ ...ACCOUNT, amount: 120_000n, purpose: 'ung ho lu lut' })).toBe(VECTOR);
  });

  it('reads the example back', () => {
    expect(parseVietQrPayload(VECTOR)).toEqual({
      ok: true,
      value: { ...ACCOUNT, amount: 120_000n, purpose: 'ung ho lu lut' },
    });
  });

  it('computes CRC-16/CCITT-FALSE (check value of "123456789" is 29B1)', () => {
    expect(emvCrc('123456789')).toBe('29B1');
    expect(emvCrc('')).toBe('FFFF');
  });

  it('strips Vietnamese diacritics, đ included, from the purpose', () => {
    const payload = built({ ...ACCOUNT, amount: 120_000n, purpose: 'Ủng hộ lũ lụt – Đà Nẵng' });
    expect(payload).toContain('62250821Ung ho lu lut Da Nang6304');
    expect(vietQrPurpose('  đơn   hàng #42 ')).toBe('don hang 42');
  });

  it('writes lengths over 9 as two digits and a CRC that verifies', () => {
    const payload = built({ ...ACCOUNT, amount: 1_234_567_890n, purpose: 'PPMABCDEFGHJK' });
    expect(payload).toContain('54101234567890');
    expect(payload).toContain('62170813PPMABCDEFGHJK');
    expect(emvCrc(payload.slice(0, -4))).toBe(payload.slice(-4));
  });

  it('takes a purpose of 25 characters and refuses 26 rather than cutting the payment code', () => {
    const longest = 'A'.repeat(25);
    expect(parseVietQrPayload(built({ ...ACCOUNT, amount: 1n, purpose: longest }))).toMatchObject({
      ok: true,
      value: { purpose: longest },
    });
    expect(buildVietQrPayload({ ...ACCOUNT, amount: 1n, purpose: 'A'.repeat(26) })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_ERROR' },
    });
  });

  it('builds a static code (11, no amount) when there is no amount', () => {
    const payload = built({ ...ACCOUNT, amount: null, purpose: null });
    expect(payload.startsWith('000201010211')).toBe(true);
    expect(payload).not.toContain('5406');
    expect(parseVietQrPayload(payload)).toMatchObject({ ok: true, value: { amount: null, purpose: null } });
  });

  it.each([
    ['a BIN that is not 6 digits', { ...ACCOUNT, bankBin: '97041', amount: 1n, purpose: null }],
    ['an account number with a dash', { ...ACCOUNT, accountNumber: '0011-0019', amount: 1n, purpose: null }],
    ['a zero amount', { ...ACCOUNT, amount: 0n, purpose: null }],
    ['an amount of 14 digits', { ...ACCOUNT, amount: 10n ** 13n, purpose: null }],
  ])('refuses %s', (_case, payload) => {
    expect(buildVietQrPayload(payload)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it.each([
    ['a changed character', VECTOR.replace('120000', '920000')],
    ['a lowercase CRC', VECTOR.replace(/C15C$/, 'c15c')],
    ['no CRC field', VECTOR.slice(0, -8)],
    ['a length past the end', '0002019999' + '6304' + emvCrc('00020199996304')],
  ])('refuses to parse a payload with %s', (_case, text) => {
    expect(parseVietQrPayload(text)).toMatchObject({ ok: false, error: { code: 'VALIDATION_ERROR' } });
  });

  it('parses back whatever it builds', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,19}$/),
        fc.option(fc.bigInt({ min: 1n, max: 10n ** 13n - 1n }), { nil: null }),
        fc.option(fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9 ]{0,23}[A-Za-z0-9])?$/), { nil: null }),
        (bankBin, accountNumber, amount, purpose) => {
          const payload = { bankBin, accountNumber, amount, purpose: purpose && vietQrPurpose(purpose) };
          const parsed = parseVietQrPayload(built(payload));
          expect(parsed).toEqual({ ok: true, value: { ...payload, purpose: payload.purpose || null } });
        },
      ),
    );
  });
});
