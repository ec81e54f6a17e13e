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

  it('keeps an error logged with its entry', () => {
    const [entry] = loggedLines((logger) => logger.error({ step: 'boot' }, new Error('refused')));
    expect(entry).toMatchObject({ step: 'boot', err: { message: 'refused' } });
  });
});
