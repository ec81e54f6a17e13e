import { foldToAscii } from '@ppm/domain';

/**
 * Text a gateway accepts in its order description: diacritics removed (Vietnamese đ/Đ included), only
 * `[A-Za-z0-9 .,:_-]` kept, at most `max` characters. Special characters are the most reported cause of
 * signature mismatches with VNPay and MoMo.
 */
export function gatewaySafeText(text: string, max = 255): string {
  return foldToAscii(text)
    .replace(/[^A-Za-z0-9 .,:_-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
