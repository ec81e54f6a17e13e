import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { redactSecrets } from './secret-redaction';
import { activeSpanIds } from '../tracing/span-context';
import { currentTrace } from './trace-context';

/**
 * Nest logger writing one JSON line per entry (pino), with the current traceId/tenantId/transactionId mixed in
 * from the trace context and secrets redacted.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  constructor(service: string, level: string, destination?: pino.DestinationStream) {
    this.pino = pino(
      {
        level,
        base: { service, pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        mixin: () => ({ ...currentTrace(), ...activeSpanIds() }),
        formatters: {
          level: (label) => ({ level: label }),
          log: (fields) => redactSecrets(fields) as Record<string, unknown>,
        },
      },
      // Synchronous writes: the last lines before an exit (a failed boot, a shutdown) must not be lost.
      destination ?? pino.destination({ dest: 1, sync: true }),
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  // Nest passes (message, ...optionalParams, context); errors may come as (message, stack, context).
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const extra of rest) {
      if (extra instanceof Error) fields['err'] = extra;
      else if (typeof extra === 'string') fields['stack'] = extra;
      else if (extra && typeof extra === 'object') Object.assign(fields, extra);
    }
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object') this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}
