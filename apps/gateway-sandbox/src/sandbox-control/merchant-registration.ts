import { failure, GATEWAY_TYPES, success, type Result } from '@ppm/domain';
import type { MomoCredentials, VietqrCredentials, VnpayCredentials, ZalopayCredentials } from '@ppm/gateways';
import { isGatewayType } from '../shared/gateway-slug';
import { fieldsOf, isHttpUrl, type RequestFields } from '../shared/request-fields';

/** A merchant to register: the body of POST /sandbox/merchants and an item of SANDBOX_MERCHANTS. */
export type MerchantRegistration =
  | { gatewayType: 'VNPAY'; credentials: VnpayCredentials; ipnUrl: string | null }
  | { gatewayType: 'MOMO'; credentials: MomoCredentials; ipnUrl: string | null }
  | { gatewayType: 'ZALOPAY'; credentials: ZalopayCredentials; ipnUrl: string | null }
  | { gatewayType: 'VIETQR'; credentials: VietqrCredentials; ipnUrl: string | null };

/** Reading a registration: the registration, or what is wrong with it. */
export type RegistrationReading = Result<MerchantRegistration, string>;

const IDENTIFIER = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Reads `{ gatewayType, credentials, ipnUrl? }`. Credentials per gateway: VNPay `{ tmnCode, hashSecret }`, MoMo
 * `{ partnerCode, accessKey, secretKey }`, ZaloPay `{ appId, key1, key2 }` (appId: digits), VietQR
 * `{ bankBin, accountNumber, accountName, notificationSecret }` (a bank account; ipnUrl is where SePay posts).
 */
export function readMerchantRegistration(body: unknown): RegistrationReading {
  const fields = fieldsOf(body);
  const { gatewayType } = fields;
  if (!isGatewayType(gatewayType)) return failure(`gatewayType must be one of ${GATEWAY_TYPES.join(', ')}`);
  const givenIpnUrl = fields['ipnUrl'];
  const url = typeof givenIpnUrl === 'string' && isHttpUrl(givenIpnUrl) ? givenIpnUrl : null;
  if (givenIpnUrl !== undefined && givenIpnUrl !== null && url === null) {
    return failure('ipnUrl must be an absolute http(s) URL');
  }
  const credentials = fieldsOf(fields['credentials']);
  switch (gatewayType) {
    case 'VNPAY': {
      const problem = missing(credentials, ['tmnCode', 'hashSecret']) ?? badIdentifier(credentials, 'tmnCode');
      if (problem) return failure(problem);
      const { tmnCode, hashSecret } = credentials as unknown as VnpayCredentials;
      return success({ gatewayType, credentials: { tmnCode, hashSecret }, ipnUrl: url });
    }
    case 'MOMO': {
      const problem =
        missing(credentials, ['partnerCode', 'accessKey', 'secretKey']) ?? badIdentifier(credentials, 'partnerCode');
      if (problem) return failure(problem);
      const { partnerCode, accessKey, secretKey } = credentials as unknown as MomoCredentials;
      return success({ gatewayType, credentials: { partnerCode, accessKey, secretKey }, ipnUrl: url });
    }
    case 'ZALOPAY': {
      const problem = missing(credentials, ['appId', 'key1', 'key2']);
      if (problem) return failure(problem);
      const { appId, key1, key2 } = credentials as unknown as ZalopayCredentials;
      if (!/^\d{1,10}$/.test(appId)) return failure('credentials.appId must be digits (ZaloPay app ids are numbers)');
      return success({ gatewayType, credentials: { appId, key1, key2 }, ipnUrl: url });
    }
    case 'VIETQR': {
      const problem = missing(credentials, ['bankBin', 'accountNumber', 'accountName', 'notificationSecret']);
      if (problem) return failure(problem);
      const { bankBin, accountNumber, accountName, notificationSecret } = credentials as unknown as VietqrCredentials;
      if (!/^\d{6}$/.test(bankBin)) return failure('credentials.bankBin must be 6 digits (the NAPAS BIN)');
      if (!/^[A-Za-z0-9]{1,19}$/.test(accountNumber))
        return failure('credentials.accountNumber must be 1-19 letters or digits');
      return success({
        gatewayType,
        credentials: { bankBin, accountNumber, accountName, notificationSecret },
        ipnUrl: url,
      });
    }
  }
}

/** Reads SANDBOX_MERCHANTS (a JSON array of registrations); throws naming the first bad item. */
export function readMerchantList(json: string): MerchantRegistration[] {
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list)) throw new Error('SANDBOX_MERCHANTS must be a JSON array of merchants');
  return list.map((item: unknown, index) => {
    const reading = readMerchantRegistration(item);
    if (!reading.ok) throw new Error(`SANDBOX_MERCHANTS[${index}]: ${reading.error}`);
    return reading.value;
  });
}

function missing(credentials: RequestFields, keys: string[]): string | null {
  const absent = keys.filter((key) => typeof credentials[key] !== 'string' || credentials[key] === '');
  return absent.length === 0 ? null : `credentials.${absent.join(', credentials.')} must be non-empty strings`;
}

function badIdentifier(credentials: RequestFields, key: string): string | null {
  return IDENTIFIER.test(credentials[key] as string) ? null : `credentials.${key} must be 1-32 letters, digits, _ or -`;
}
