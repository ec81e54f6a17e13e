import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import {
  BreakerRegistry,
  GatewayHttpClient,
  GatewayUrlAllowlist,
  PaymentGateways,
  type CallbackDecision,
  type GatewayAccount,
  type GatewayType,
  type PaymentGateway,
} from '@ppm/gateways';
import { TestStack, type SandboxControl } from '@ppm/testing';
import { CallbackRecorder } from './callback-recorder';

/** The sandbox as a process, a merchant endpoint recording callbacks, and PPM's adapter for a fresh merchant. */
export interface GatewayFixture {
  sandboxUrl: string;
  control: SandboxControl;
  recorder: CallbackRecorder;
  notifyUrl: string;
  account: GatewayAccount;
  gateway: PaymentGateway;
  gateways: PaymentGateways;
  metrics: Registry;
  /** Makes the merchant endpoint refuse the next `count` callbacks in the gateway's "deliver again" way. */
  refuseNext(count: number): void;
  stop(): Promise<void>;
}

const token = (length: number, alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'): string =>
  Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');

/** Fresh merchant credentials of `gatewayType`, unlike any other test's. */
export function credentialsFor(gatewayType: GatewayType): GatewayAccount['credentials'] {
  switch (gatewayType) {
    case 'VNPAY':
      return { tmnCode: `T${token(7)}`, hashSecret: token(32) };
    case 'MOMO':
      return { partnerCode: `MOMO${token(8)}`, accessKey: token(16), secretKey: token(32) };
    case 'ZALOPAY':
      return { appId: String(10_000 + (randomBytes(2).readUInt16BE() % 50_000)), key1: token(32), key2: token(32) };
    case 'VIETQR':
      return {
        bankBin: '970415',
        accountNumber: String(randomBytes(6).readUIntBE(0, 6)).padStart(15, '0'),
        accountName: 'PPM E2E',
        notificationSecret: token(32),
      };
  }
}

/** Starts everything a gateway test needs; `stop()` ends it. */
export async function startGatewayFixture(
  gatewayType: GatewayType,
  options: { timeoutMs?: number; resetTimeoutMs?: number } = {},
): Promise<GatewayFixture> {
  const stack = await TestStack.start({
    name: `gateway-${gatewayType.toLowerCase()}-e2e`,
    sandbox: { SANDBOX_REDELIVERY_INTERVAL_MS: '50', SANDBOX_ZALOPAY_REFUND_DELAY_MS: '150' },
  });
  const { sandboxUrl, sandbox: control } = stack;
  const metrics = new Registry();
  const breakers = new BreakerRegistry(
    {
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      resetTimeoutMs: options.resetTimeoutMs ?? 1_000,
      rollingCountTimeoutMs: 10_000,
      maxBreakers: 10,
    },
    metrics,
  );
  const gateways = new PaymentGateways(
    new GatewayHttpClient(
      breakers,
      { timeoutMs: options.timeoutMs ?? 3_000, retries: 1, retryBaseDelayMs: 20 },
      metrics,
      new GatewayUrlAllowlist({
        production: false,
        allowedBaseUrls: { VNPAY: [], MOMO: [], ZALOPAY: [], VIETQR: [] },
        localSandboxUrl: sandboxUrl,
      }),
    ),
  );
  let refusals = 0;
  const recorder = new CallbackRecorder(() => {
    const decision: CallbackDecision = refusals > 0 ? 'RETRY_LATER' : 'APPLIED';
    if (refusals > 0) refusals -= 1;
    return gateways.callbackProtocol(gatewayType).replyFor(decision);
  });
  const notifyUrl = `${await recorder.start()}/${gatewayType.toLowerCase()}`;
  const account = {
    gatewayType,
    configurationId: `cfg-${token(6)}`,
    baseUrl: sandboxUrl,
    credentials: credentialsFor(gatewayType),
  } as GatewayAccount;
  await control.registerMerchant(gatewayType, account.credentials as unknown as Record<string, string>, notifyUrl);
  return {
    sandboxUrl,
    control,
    recorder,
    notifyUrl,
    account,
    gateway: gateways.forAccount(account),
    gateways,
    metrics,
    refuseNext: (count) => {
      refusals = count;
    },
    stop: async () => {
      breakers.shutdown();
      await recorder.stop();
      await stack.stop();
    },
  };
}

/** A fresh order reference, as PPM makes them (a transaction id without dashes, shortened). */
export const newReference = (): string => randomBytes(8).toString('hex');
