import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { vietQrImage } from './vietqr-image';

const PAYLOAD =
  '00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C';

describe('VietQR image', () => {
  it('is a PNG data URL whose QR code decodes back to exactly the payload', async () => {
    const url = await vietQrImage(PAYLOAD);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = PNG.sync.read(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(PAYLOAD);
  });
});
