import { applyDecorators, Controller, UseFilters, UseInterceptors } from '@nestjs/common';
import { InternalErrorReplyFilter } from './internal-error-reply.filter';
import { RpcTraceInterceptor } from './rpc-trace.interceptor';

/** A controller of NATS handlers: each runs in its request's trace, and an escaped error becomes INTERNAL_ERROR. */
export function NatsController(): ClassDecorator {
  return applyDecorators(Controller(), UseInterceptors(RpcTraceInterceptor), UseFilters(InternalErrorReplyFilter));
}
