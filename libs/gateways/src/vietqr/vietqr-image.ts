import { toDataURL } from 'qrcode';

/**
 * A PNG of the QR code that encodes exactly `payload`, as a `data:image/png;base64,…` URL a screen or an invoice
 * shows as is. Level M survives a phone camera's glare on a screen and keeps the code small.
 */
export function vietQrImage(payload: string): Promise<string> {
  return toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, scale: 6 });
}
