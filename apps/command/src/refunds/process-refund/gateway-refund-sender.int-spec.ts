import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type GatewayConfiguration,
  type GatewayConfigurationRepository,
  type StoredGatewayConfiguration,
} from '@ppm/domain';
import {
  BreakerRegistry,
  GatewayHttpClient,
  GatewayUrlAllowlist,
  MomoGateway,
  momoSign,
  type PaymentGateways,
} from '@ppm/gateways';
import { Registry } from 'prom-client';
import { InMemoryPayments } from '../../../test/in-memory-payments';
import { CONFIGURATION, PAYMENT, reservedMomoRefund } from '../../../test/reserved-refund';
import { Clock } from '../../shared/clock';
import { PaymentSaver } from '../../shared/payment-saver';
import { GatewayRefundSender } from './gateway-refund-sender';

const credentials = { partnerCode: 'PPMDEMO', accessKey: 'PPMACCESSKEY', secretKey: 'ppm-momo-secret' };

// MoMo answers a refund resent with a requestId it already holds with its code 40, in an HTTP 400: the first
// request's refund may have been made, so the amount must stay reserved.
describe('GatewayRefundSender against a real HTTP server answering MoMo’s 40 with an HTTP 400', () => {
  let server: Server;
  let baseUrl: string;
  let breakers: BreakerRegistry;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const answer = {
          partnerCode: credentials.partnerCode,
          orderId: 'rq0001',
          requestId: 'rq0001',
          amount: 20000,
          transId: 0,
          resultCode: 40,
          message: 'Duplicated requestId.',
          responseTime: 1763796605000,
        };
        const signature = momoSign(
          'refundResponse',
          { ...answer, accessKey: credentials.accessKey },
          'ppm-momo-secret',
        );
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ...answer, signature }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    breakers?.shutdown();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('keeps the refund PROCESSING with its amount reserved', async () => {
    const metrics = new Registry();
    breakers = new BreakerRegistry(
      {
        errorThresholdPercentage: 50,
        volumeThreshold: 3,
        resetTimeoutMs: 1_000,
        rollingCountTimeoutMs: 10_000,
        maxBreakers: 10,
      },
      metrics,
    );
    const http = new GatewayHttpClient(
      breakers,
      { timeoutMs: 2_000, retries: 0, retryBaseDelayMs: 20 },
      metrics,
      new GatewayUrlAllowlist({
        production: false,
        allowedBaseUrls: { VNPAY: [], MOMO: [], ZALOPAY: [], VIETQR: [] },
        localSandboxUrl: baseUrl,
      }),
    );
    const gateways = {
      forAccount: () => new MomoGateway(CONFIGURATION, baseUrl, credentials, http),
    } as unknown as PaymentGateways;
    const account = {
      configuration: { id: CONFIGURATION, gatewayType: 'MOMO', baseUrl } as unknown as GatewayConfiguration,
      credentials,
    } as StoredGatewayConfiguration;
    const payments = new InMemoryPayments();
    const sender = new GatewayRefundSender(
      payments,
      { findById: () => Promise.resolve(account) } as unknown as GatewayConfigurationRepository,
      { defaultBaseUrl: baseUrl, workerPublicUrl: 'http://worker.local' },
      gateways,
      new PaymentSaver(payments),
      new Clock(),
    );
    const payment = reservedMomoRefund(payments, '4088878653');

    const sent = await sender.send(payment, payment.findRefund('refund-1')!, 'operator-1', {
      traceId: 't',
      correlationId: 't',
      causationId: null,
    });

    expect(sent).toMatchObject({ kind: 'unknown', error: { outcome: 'unknown', rawCode: '40' } });
    const stored = payments.stored(PAYMENT);
    expect(stored.findRefund('refund-1')?.status).toBe('PROCESSING');
    expect(stored.refundableAmount().minorUnits).toBe(130_000n);
  });
});
