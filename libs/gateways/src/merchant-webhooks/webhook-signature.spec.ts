import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, webhookSigningKey } from './webhook-secret';
import { signWebhook } from './webhook-signature';

// The Standard Webhooks reference libraries' own test vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const now = (): number => Math.floor(Date.now() / 1000);

describe('signWebhook', () => {
  it('signs the spec’s vector as the reference libraries do', () => {
    const headers = signWebhook({
      id: VECTOR.id,
      timestamp: VECTOR.timestamp,
      body: VECTOR.body,
      secrets: [VECTOR.secret],
    });

    expect(headers).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': VECTOR.signature,
    });
    expect(new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body)).toBe(
      VECTOR.signature,
    );
  });

  it('is verified by the standardwebhooks package a merchant’s receiver uses', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ id: 'evt-1', type: 'payment.succeeded', data: { amount: 10_000 } });
    const headers = signWebhook({ id: 'evt-1', timestamp: now(), body, secrets: [secret] });

    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, { ...headers })).toThrow();
  });

  it('carries both signatures during a rotation, so either secret verifies', () => {
    const [current, previous] = [generateWebhookSecret(), generateWebhookSecret()];
    const body = '{"type":"ping"}';
    const headers = signWebhook({ id: 'evt-2', timestamp: now(), body, secrets: [current, previous] });

    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(current).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...headers })).not.toThrow();
  });

  it('refuses to sign without a secret', () => {
    expect(() => signWebhook({ id: 'evt-3', timestamp: now(), body: '{}', secrets: [] })).toThrow();
  });
});

describe('webhook secrets', () => {
  it('are whsec_ and base64 of 32 random bytes, each new', () => {
    const secret = generateWebhookSecret();

    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(webhookSigningKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('refuse a key without the prefix or shorter than 24 bytes', () => {
    expect(() => webhookSigningKey(Buffer.alloc(32).toString('base64'))).toThrow(/whsec_/);
    expect(() => webhookSigningKey(`whsec_${Buffer.alloc(16).toString('base64')}`)).toThrow(/24 bytes/);
  });
});
