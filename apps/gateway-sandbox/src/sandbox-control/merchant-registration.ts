import { GATEWAY_TYPES } from '@ppm/domain';
import type { MomoCredentials, VnpayCredentials, ZalopayCredentials } from '@ppm/gateways';
import { isGatewayType } from '../shared/gateway-slug';
import { fieldsOf, isHttpUrl, type RequestFields } from '../shared/request-fields';

/** A merchant to register: the body of POST /sandbox/merchants and an item of SANDBOX_MERCHANTS. */
export type MerchantRegistration =
  | { gatewayType: 'VNPAY'; credentials: VnpayCredentials; ipnUrl: string | null }
  | { gatewayType: 'MOMO'; credentials: MomoCredentials; ipnUrl: string | null }
  | { gatewayType: 'ZALOPAY'; credentials: ZalopayCredentials; ipnUrl: string | null };

/** Reading a registration: the registration, or what is wrong with it. */
export type RegistrationReading = { ok: true; registration: MerchantRegistration } | { ok: false; problem: string };

const IDENTIFIER = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Reads `{ gatewayType, credentials, ipnUrl? }`. Credentials per gateway: VNPay `{ tmnCode, hashSecret }`, MoMo
 * `{ partnerCode, accessKey, secretKey }`, ZaloPay `{ appId, key1, key2 }` (appId: digits).
 */
export function readMerchantRegistration(body: unknown): RegistrationReading {
  const fields = fieldsOf(body);
  const { gatewayType } = fields;
  if (!isGatewayType(gatewayType)) return fail(`gatewayType must be one of ${GATEWAY_TYPES.join(', ')}`);
  const givenIpnUrl = fields['ipnUrl'];
  const url = typeof givenIpnUrl === 'string' && isHttpUrl(givenIpnUrl) ? givenIpnUrl : null;
  if (givenIpnUrl !== undefined && givenIpnUrl !== null && url === null) {
    return fail('ipnUrl must be an absolute http(s) URL');
  }
  const credentials = fieldsOf(fields['credentials']);
  switch (gatewayType) {
    case 'VNPAY': {
      const problem = missing(credentials, ['tmnCode', 'hashSecret']) ?? badIdentifier(credentials, 'tmnCode');
      if (problem) return fail(problem);
      const { tmnCode, hashSecret } = credentials as unknown as VnpayCredentials;
      return { ok: true, registration: { gatewayType, credentials: { tmnCode, hashSecret }, ipnUrl: url } };
    }
    case 'MOMO': {
      const problem =
        missing(credentials, ['partnerCode', 'accessKey', 'secretKey']) ?? badIdentifier(credentials, 'partnerCode');
      if (problem) return fail(problem);
      const { partnerCode, accessKey, secretKey } = credentials as unknown as MomoCredentials;
      return {
        ok: true,
        registration: { gatewayType, credentials: { partnerCode, accessKey, secretKey }, ipnUrl: url },
      };
    }
    case 'ZALOPAY': {
      const problem = missing(credentials, ['appId', 'key1', 'key2']);
      if (problem) return fail(problem);
      const { appId, key1, key2 } = credentials as unknown as ZalopayCredentials;
      if (!/^\d{1,10}$/.test(appId)) return fail('credentials.appId must be digits (ZaloPay app ids are numbers)');
      return { ok: true, registration: { gatewayType, credentials: { appId, key1, key2 }, ipnUrl: url } };
    }
  }
}

/** Reads SANDBOX_MERCHANTS (a JSON array of registrations); throws naming the first bad item. */
export function readMerchantList(json: string): MerchantRegistration[] {
  const list: unknown = JSON.parse(json);
  if (!Array.isArray(list)) throw new Error('SANDBOX_MERCHANTS must be a JSON array of merchants');
  return list.map((item: unknown, index) => {
    const reading = readMerchantRegistration(item);
    if (!reading.ok) throw new Error(`SANDBOX_MERCHANTS[${index}]: ${reading.problem}`);
    return reading.registration;
  });
}

function fail(problem: string): RegistrationReading {
  return { ok: false, problem };
}

function missing(credentials: RequestFields, keys: string[]): string | null {
  const absent = keys.filter((key) => typeof credentials[key] !== 'string' || credentials[key] === '');
  return absent.length === 0 ? null : `credentials.${absent.join(', credentials.')} must be non-empty strings`;
}

function badIdentifier(credentials: RequestFields, key: string): string | null {
  return IDENTIFIER.test(credentials[key] as string) ? null : `credentials.${key} must be 1-32 letters, digits, _ or -`;
}
