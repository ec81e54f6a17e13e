import type { ArgumentsHost } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { ContractError, ErrorCode } from '@ppm/contracts';
import { InternalErrorReplyFilter } from './internal-error-reply.filter';

const host = {
  switchToRpc: () => ({ getContext: () => ({ getSubject: () => 'ppm.command.payment.process' }) }),
} as unknown as ArgumentsHost;
const codeOf = async (exception: unknown) => {
  const reply = await firstValueFrom(new InternalErrorReplyFilter().catch(exception, host));
  return reply.success ? 'success' : reply.error.code;
};

describe('InternalErrorReplyFilter', () => {
  it('answers a refused request with its own code', async () => {
    expect(await codeOf(new ContractError(ErrorCode.VALIDATION_ERROR, 'amount must be positive'))).toBe(
      ErrorCode.VALIDATION_ERROR,
    );
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a server shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a connection exception', Object.assign(new Error('connection failure'), { code: '08006' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['an exhausted pool wait', new Error('timeout exceeded when trying to connect')],
  ])('answers SERVICE_UNAVAILABLE (retry) for %s', async (_, exception) => {
    expect(await codeOf(exception)).toBe(ErrorCode.SERVICE_UNAVAILABLE);
  });

  it.each([
    [
      'a statement timeout',
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('answers INTERNAL_ERROR for %s', async (_, exception) => {
    expect(await codeOf(exception)).toBe(ErrorCode.INTERNAL_ERROR);
  });
});
