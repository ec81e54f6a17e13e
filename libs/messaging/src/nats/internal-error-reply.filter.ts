import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { of, type Observable } from 'rxjs';
import { ContractError, ErrorCode, fail, type Reply } from '@ppm/contracts';
import { databaseUnreachable } from '@ppm/persistence';

/**
 * Last line of defence of every NATS handler: a ContractError (a refused request) becomes its structured reply; an
 * unreachable server (the database, most often) becomes SERVICE_UNAVAILABLE (503 at the edge: retry, with the same
 * idempotency key); anything else becomes INTERNAL_ERROR. No internals reach the caller; the failure is logged here.
 */
@Catch()
export class InternalErrorReplyFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('NatsHandler');

  catch(exception: unknown, host: ArgumentsHost): Observable<Reply<never>> {
    if (exception instanceof ContractError) return of(fail(exception.code, exception.message, exception.details));
    const subject = host.switchToRpc().getContext<{ getSubject?: () => string }>().getSubject?.();
    if (databaseUnreachable(exception)) {
      this.logger.warn({ subject, err: exception }, 'NATS handler failed: a server it depends on is unreachable');
      return of(fail(ErrorCode.SERVICE_UNAVAILABLE, 'The service cannot reach a server it depends on; retry shortly'));
    }
    this.logger.error({ subject, err: exception }, 'NATS handler failed');
    return of(fail(ErrorCode.INTERNAL_ERROR, 'Internal error; the request was not completed'));
  }
}
