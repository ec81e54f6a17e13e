import { JsonLogger } from './json-logger';

function loggedLines(write: (logger: JsonLogger) => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const logger = new JsonLogger('test', 'info', { write: (line: string) => lines.push(line) });
  write(logger);
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('JsonLogger', () => {
  it('censors secret-named fields at any depth, keeping the rest of the entry', () => {
    const [entry] = loggedLines((logger) =>
      logger.warn(
        {
          gateway: { answer: { data: { partner: { secretKey: 'momo-secret', code: 1001 } } } },
          request: { headers: { Authorization: 'Bearer abc.def' } },
          configs: [{ credentials: { hashSecret: 'vnpay-secret' } }],
          transactionId: 'tx-1',
        },
        'gateway answered',
      ),
    );
    const text = JSON.stringify(entry);
    for (const secret of ['momo-secret', 'Bearer abc.def', 'vnpay-secret']) expect(text).not.toContain(secret);
    expect(entry).toMatchObject({
      level: 'warn',
      transactionId: 'tx-1',
      gateway: { answer: { data: { partner: { secretKey: '[redacted]', code: 1001 } } } },
      request: { headers: { Authorization: '[redacted]' } },
      configs: [{ credentials: '[redacted]' }],
    });
  });

  it('censors secret names whatever their case, separators or prefix', () => {
    const fields = {
      JWT_SECRET: 'jwt-secret-value',
      client_secret: 'client-secret-value',
      privateKey: 'private-key-value',
      headers: { cookie: 'sid=cookie-value', 'set-cookie': 'sid=set-cookie-value', 'X-Api-Key': 'api-key-value' },
      refresh_token: 'refresh-token-value',
      db: { PGPASSWORD: 'pg-password-value', passwd: 'passwd-value' },
      gateway: { key1: 'zalopay-key1', accessKey: 'momo-access-key', card_number: '4111111111111111' },
      amount: 1000,
    };
    const [entry] = loggedLines((logger) => logger.warn(fields, 'settings'));
    const text = JSON.stringify(entry);
    for (const secret of [
      'jwt-secret-value',
      'client-secret-value',
      'private-key-value',
      'cookie-value',
      'api-key-value',
      'refresh-token-value',
      'pg-password-value',
      'passwd-value',
      'zalopay-key1',
      'momo-access-key',
      '4111111111111111',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(entry).toMatchObject({ amount: 1000, headers: { 'set-cookie': '[redacted]' } });
  });

  it("censors an error's own secret fields, keeping its message, stack and type", () => {
    const error = Object.assign(new TypeError('gateway refused'), {
      code: 'E_REFUSED',
      config: { headers: { Authorization: 'Bearer leaked.token' }, url: 'https://gateway.test/pay' },
      secretKey: 'momo-secret',
    });
    const [entry] = loggedLines((logger) => logger.error({ step: 'pay' }, error));
    const text = JSON.stringify(entry);
    expect(text).not.toContain('Bearer leaked.token');
    expect(text).not.toContain('momo-secret');
    expect(entry).toMatchObject({
      err: {
        type: 'TypeError',
        message: 'gateway refused',
        code: 'E_REFUSED',
        config: { headers: { Authorization: '[redacted]' }, url: 'https://gateway.test/pay' },
        secretKey: '[redacted]',
      },
    });
    expect((entry?.['err'] as { stack: string }).stack).toContain('gateway refused');
    expect(error.secretKey).toBe('momo-secret');
  });

  it('keeps an error logged with its entry', () => {
    const [entry] = loggedLines((logger) => logger.error({ step: 'boot' }, new Error('refused')));
    expect(entry).toMatchObject({ step: 'boot', err: { message: 'refused' } });
  });
});
