import type { MerchantRegistration } from './merchant-registration';

/** One merchant per gateway, always registered: what `npm start`, the e2e tests and the benchmarks use by default. */
export const DEMO_MERCHANTS: readonly MerchantRegistration[] = [
  { gatewayType: 'VNPAY', credentials: { tmnCode: 'PPMDEMO1', hashSecret: 'ppm-vnpay-secret' }, ipnUrl: null },
  {
    gatewayType: 'MOMO',
    credentials: { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' },
    ipnUrl: null,
  },
  {
    gatewayType: 'ZALOPAY',
    credentials: { appId: '2553', key1: 'ppm-zalopay-key1', key2: 'ppm-zalopay-key2' },
    ipnUrl: null,
  },
  {
    gatewayType: 'VIETQR',
    credentials: {
      bankBin: '970415',
      accountNumber: '0011001932418',
      accountName: 'CONG TY ABC',
      notificationSecret: 'ppm-sepay-api-key',
    },
    ipnUrl: null,
  },
];
