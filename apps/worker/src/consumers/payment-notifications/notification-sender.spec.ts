import { Registry } from 'prom-client';
import { fail, ok, ErrorCode, type Reply } from '@ppm/contracts';
import { NotificationNotSentError, NotificationSender } from './notification-sender';
import type { PaymentNotification } from './payment-outcome-event';

describe('NotificationSender', () => {
  const notification: PaymentNotification = {
    tenantId: '3f2b8a52-1c4d-4e6f-9a7b-0c1d2e3f4a5b',
    data: {
      kind: 'ppm.payment.succeeded.v1',
      eventId: 'e-1',
      transactionId: 't-1',
      amount: '1000',
      currency: 'VND',
      sourceBoundedContext: 'orders',
      sourceTransactionId: 'o-1',
      occurredAt: '2025-01-02T03:04:05.000Z',
    },
  };
  const settings = {
    subject: 'notification.command.send',
    timeoutMs: 1_000,
    breaker: {
      volumeThreshold: 3,
      errorThresholdPercentage: 50,
      resetTimeoutMs: 60_000,
      rollingCountTimeoutMs: 10_000,
    },
  };
  let registry: Registry;
  let senders: NotificationSender[];
  const senderWith = (replies: Reply<unknown>[]) => {
    const request = jest.fn((..._args: unknown[]) => Promise.resolve(replies.shift() ?? ok({})));
    const sender = new NotificationSender({ request } as never, settings, registry);
    senders.push(sender);
    return { sender, request };
  };
  const count = async (name: string, labels: Record<string, string>) =>
    (await registry.getSingleMetric(name)?.get())?.values.find((v) =>
      Object.entries(labels).every(([k, value]) => v.labels[k] === value),
    )?.value ?? 0;

  beforeEach(() => {
    registry = new Registry();
    senders = [];
  });
  afterEach(() => senders.forEach((s) => s.shutdown()));

  it('sends the contract envelope to the subject with the timeout, and counts it', async () => {
    const { sender, request } = senderWith([ok({})]);
    await sender.send(notification);
    const [call] = request.mock.calls;
    expect(call?.slice(0, 2)).toEqual(['notification.command.send', notification.data]);
    expect(call?.[2]).toMatchObject({ tenantId: notification.tenantId });
    expect(typeof (call?.[2] as { traceId?: unknown }).traceId).toBe('string');
    expect(call?.[3]).toBe(1_000);
    expect(await count('ppm_notifications_sent_total', { kind: 'ppm.payment.succeeded.v1' })).toBe(1);
  });

  it.each([
    ['rejected', fail(ErrorCode.INTERNAL_ERROR, 'mail server down')],
    ['timeout', fail(ErrorCode.SERVICE_TIMEOUT, 'no reply')],
    ['unavailable', fail(ErrorCode.SERVICE_UNAVAILABLE, 'no responders')],
  ])('throws on a failed reply (%s), and counts it', async (reason, reply) => {
    const { sender } = senderWith([reply]);
    await expect(sender.send(notification)).rejects.toMatchObject({ name: 'NotificationNotSentError', reason });
    expect(await count('ppm_notifications_failed_total', { reason })).toBe(1);
  });

  it('opens after repeated failures and then fails fast without asking', async () => {
    const down = fail(ErrorCode.SERVICE_UNAVAILABLE, 'no responders');
    const { sender, request } = senderWith([down, down, down, down]);
    for (let i = 0; i < 3; i++)
      await expect(sender.send(notification)).rejects.toBeInstanceOf(NotificationNotSentError);
    await expect(sender.send(notification)).rejects.toMatchObject({ reason: 'breaker_open' });
    expect(request).toHaveBeenCalledTimes(3);
    expect(await count('ppm_notification_breaker_state', {})).toBe(2);
  });
});
