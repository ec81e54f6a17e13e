import { DomainError } from '../shared/domain-error';
import { DomainErrorCode } from '../shared/domain-error-codes';
import { failure, success, type Result } from '../shared/result';
import type { GatewayType } from './gateway-type';

/** The fields each gateway's credentials must have; the first names the merchant at the gateway. */
export const REQUIRED_CREDENTIAL_FIELDS: Readonly<Record<GatewayType, readonly [string, ...string[]]>> = {
  VNPAY: ['tmnCode', 'hashSecret'],
  MOMO: ['partnerCode', 'accessKey', 'secretKey'],
  ZALOPAY: ['appId', 'key1', 'key2'],
  VIETQR: ['accountNumber', 'bankBin', 'accountName', 'notificationSecret'],
};

/** Fields whose shape is checked too: what goes into a VietQR code must be what NAPAS routes. */
const CREDENTIAL_FORMATS: Readonly<Partial<Record<GatewayType, Readonly<Record<string, RegExp>>>>> = {
  VIETQR: { bankBin: /^\d{6}$/, accountNumber: /^[A-Za-z0-9]{1,19}$/ },
};

/**
 * Checks a gateway's credentials have every field it needs and returns the merchant id among them (VNPay
 * tmnCode, MoMo partnerCode, ZaloPay appId, VietQR accountNumber). The credentials themselves are not kept: persistence encrypts them.
 * A refusal (VALIDATION_ERROR) names the missing fields, never a value.
 */
export function merchantIdFromCredentials(
  gatewayType: GatewayType,
  credentials: Readonly<Record<string, unknown>>,
): Result<string> {
  const fields = REQUIRED_CREDENTIAL_FIELDS[gatewayType];
  const missing = fields.filter((field) => credentialText(credentials[field]) === null);
  if (missing.length > 0) {
    return failure(
      new DomainError(DomainErrorCode.VALIDATION_ERROR, `${gatewayType} credentials need ${missing.join(', ')}`, {
        field: 'credentials',
        missing,
      }),
    );
  }
  const formats = Object.entries(CREDENTIAL_FORMATS[gatewayType] ?? {});
  const malformed = formats.filter(([field, format]) => !format.test(credentialText(credentials[field]) ?? ''));
  if (malformed.length > 0) {
    return failure(
      new DomainError(
        DomainErrorCode.VALIDATION_ERROR,
        `${gatewayType} credentials have a malformed ${malformed.map(([field]) => field).join(', ')}`,
        { field: 'credentials', malformed: malformed.map(([field]) => field) },
      ),
    );
  }
  return success(credentialText(credentials[fields[0]]) ?? '');
}

// ZaloPay app ids are often numbers in merchants' dashboards; both spellings name the same merchant.
function credentialText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
