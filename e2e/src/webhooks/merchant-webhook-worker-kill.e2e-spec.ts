import type { Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { MerchantWebhookEvent } from '@ppm/contracts';
import { eventually } from '@ppm/testing';
import { CheckLog } from '../support/check-log';
import { receiverAnswering, type Received } from '../support/merchant-receiver';
import { MerchantWebhookStack } from '../support/merchant-webhook-stack';

const PAYMENTS = 12;

// The worker dies with SIGKILL while its dispatcher has attempts in flight (the receiver holds them unanswered):
// nothing runs its shutdown, the attempts are never recorded. The restarted worker finds the claims lapsed and sends
// them again under the same webhook-id; every delivery ends DELIVERED and every event reaches the merchant.
describe('merchant webhooks: the worker killed mid-dispatch loses nothing', () => {
  const checks = new CheckLog('merchant webhooks — worker SIGKILL mid-dispatch');
  const received: Received[] = [];
  let hooks: MerchantWebhookStack;
  let receiver: Server;
  let url: string;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));

  beforeAll(async () => {
    // Answers nothing until released: whatever the dispatcher sends first is in flight when the worker dies.
    ({ server: receiver, url } = await receiverAnswering(() => held.then(() => 204), received));
    hooks = await MerchantWebhookStack.start('webhook-kill', {
      worker: { MERCHANT_WEBHOOK_TIMEOUT_MS: '8000', MERCHANT_WEBHOOK_CLAIM_MARGIN_MS: '1000' },
    });
  }, 180_000);

  afterAll(async () => {
    checks.print();
    release();
    await hooks?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
  }, 60_000);

  it(`${PAYMENTS} payments' events: after the restart every delivery completes, repeats under the same id`, async () => {
    const endpoint = await hooks.endpoint(url, ['payment.created', 'payment.succeeded']);
    const payments: string[] = [];
    for (let i = 0; i < PAYMENTS; i += 1) payments.push(await hooks.paidPayment());
    const inFlight = await eventually(
      () => received.length,
      (count) => count >= 4,
      { what: 'attempts in flight at the receiver' },
    );

    await hooks.stack.app('worker').stop('SIGKILL');
    const cut = await eventually(
      () => received.filter((request) => request.abandonedOrder !== undefined).length,
      (count) => count >= inFlight,
      { what: 'the attempts in flight cut by the kill' },
    );
    release();
    await hooks.stack.restart('worker');

    const rows = await eventually(
      () => hooks.deliveriesOf(endpoint.id),
      (stored) => stored.length === 2 * PAYMENTS && stored.every((row) => row.status === 'DELIVERED'),
      { what: 'every delivery DELIVERED after the restart', timeoutMs: 90_000 },
    );
    const webhook = new Webhook(endpoint.secret);
    const events = received.map((request) => {
      const event = webhook.verify(request.body, request.headers) as MerchantWebhookEvent<{ id: string }>;
      expect(event.id).toBe(request.headers['webhook-id']);
      return event;
    });
    const distinct = new Set(events.map((event) => event.id));
    const perPayment = new Set(events.map((event) => `${event.type} ${event.data.id}`));
    expect(distinct.size).toBe(2 * PAYMENTS);
    expect(perPayment.size).toBe(2 * PAYMENTS);
    expect(new Set(rows.map((row) => row.event_id))).toEqual(distinct);
    checks.record(
      `${PAYMENTS} payments, ${2 * PAYMENTS} deliveries: ${inFlight} attempts in flight, ${cut} cut by SIGKILL; ` +
        `after the restart all ${rows.length} DELIVERED, ${received.length} requests for ${distinct.size} ` +
        `webhook-ids (${received.length - distinct.size} repeats, each under its own id), 0 lost`,
    );
  }, 240_000);
});
