import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { of, type Observable } from 'rxjs';
import { ContractError, ErrorCode, fail, type Reply } from '@ppm/contracts';

/**
 * Last line of defence of every NATS handler: a ContractError (a refused request) becomes its structured reply;
 * anything else becomes INTERNAL_ERROR for the caller, with no internals in the message, and is logged here.
 */
@Catch()
export class InternalErrorReplyFilter implements RpcExceptionFilter {
  private readonly logger = new Logger('NatsHandler');

  catch(exception: unknown, host: ArgumentsHost): Observable<Reply<never>> {
    if (exception instanceof ContractError) return of(fail(exception.code, exception.message, exception.details));
    const subject = host.switchToRpc().getContext<{ getSubject?: () => string }>().getSubject?.();
    this.logger.error({ subject, err: exception }, 'NATS handler failed');
    return of(fail(ErrorCode.INTERNAL_ERROR, 'Internal error; the request was not completed'));
  }
}
