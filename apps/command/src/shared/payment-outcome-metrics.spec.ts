import { EventTypes } from '@ppm/contracts';
import { Registry } from 'prom-client';
import { PaymentOutcomeMetrics } from './payment-outcome-metrics';

const published = (type: string, gatewayType: unknown) => ({ type, payload: { type, data: { gatewayType } } });

describe('PaymentOutcomeMetrics', () => {
  it('counts final payment and refund statuses per gateway type, and nothing else', async () => {
    const registry = new Registry();
    const metrics = new PaymentOutcomeMetrics(registry);
    metrics.count(published(EventTypes.paymentSucceeded, 'MOMO'));
    metrics.count(published(EventTypes.paymentSucceeded, 'MOMO'));
    metrics.count(published(EventTypes.paymentExpired, 'ZALOPAY'));
    metrics.count(published(EventTypes.refundProcessed, 'VNPAY'));
    metrics.count(published(EventTypes.refundFailed, 'VNPAY'));
    metrics.count(published(EventTypes.paymentCreated, 'MOMO'));
    metrics.count(published(EventTypes.refundRequested, 'MOMO'));

    const text = await registry.metrics();
    expect(text).toContain('ppm_payments_finalized_total{gateway="MOMO",status="SUCCEEDED"} 2');
    expect(text).toContain('ppm_payments_finalized_total{gateway="ZALOPAY",status="EXPIRED"} 1');
    expect(text).toContain('ppm_refunds_finalized_total{gateway="VNPAY",status="SUCCEEDED"} 1');
    expect(text).toContain('ppm_refunds_finalized_total{gateway="VNPAY",status="FAILED"} 1');
    expect(text.match(/^ppm_\w+_finalized_total\{/gm)).toHaveLength(4);
  });

  it('labels a gateway type outside the known shape as other, so labels stay a small set', async () => {
    const registry = new Registry();
    const metrics = new PaymentOutcomeMetrics(registry);
    metrics.count(published(EventTypes.paymentFailed, 'x'.repeat(200)));
    metrics.count(published(EventTypes.paymentFailed, undefined));
    expect(await registry.metrics()).toContain('ppm_payments_finalized_total{gateway="other",status="FAILED"} 2');
  });
});
