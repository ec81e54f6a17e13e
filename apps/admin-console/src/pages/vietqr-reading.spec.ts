import { readVietQr } from './vietqr-reading';

// The test vector: 120000 VND to BIN 970415, account 0011001932418, content "ung ho lu lut".
const VECTOR =
  '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';

describe('a VietQR payload as the console shows it', () => {
  it('reads the bank, account, amount and transfer content', () => {
    expect(readVietQr(VECTOR)).toEqual({
      ok: true,
      bankBin: '970415',
      accountNumber: '0011001932418',
      amount: 120_000,
      purpose: 'ung ho lu lut',
    });
  });

  it('refuses a payload whose CRC does not match, saying so', () => {
    expect(readVietQr(VECTOR.replace('120000', '920000'))).toEqual({
      ok: false,
      reason: expect.stringContaining('CRC') as string,
    });
  });
});
