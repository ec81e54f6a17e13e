import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@ppm/contracts';
import { EdgeError, EdgeErrorCode } from './edge-error';

/** What the router and Fastify's parsers answer, as contract errors (their own messages can name internals). */
const FROM_HTTP_STATUS: Readonly<Record<number, [EdgeErrorCode | ErrorCode, string]>> = {
  400: [ErrorCode.VALIDATION_ERROR, 'The request is malformed (e.g. its body is not valid JSON)'],
  401: [ErrorCode.UNAUTHORIZED, 'Authentication is required'],
  403: [ErrorCode.FORBIDDEN, 'Forbidden'],
  404: [EdgeErrorCode.ROUTE_NOT_FOUND, 'No such route'],
  405: [EdgeErrorCode.METHOD_NOT_ALLOWED, 'Method not allowed'],
  413: [EdgeErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large'],
  415: [EdgeErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the body as application/json'],
};

/**
 * The one place HTTP errors are written: every failure becomes `{ success: false, error: { code, message,
 * details? } }` with the code's status. Anything unexpected is logged with its stack and answered as a bare
 * INTERNAL_ERROR: no stack trace or internal message reaches the caller.
 */
@Catch()
export class ContractExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ContractExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = this.toEdgeError(exception, host.switchToHttp().getRequest<FastifyRequest>());
    const body = {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    };
    void reply
      .status(error.status)
      .headers(error.headers)
      .type('application/json; charset=utf-8')
      .send({ success: false, error: body });
  }

  private toEdgeError(exception: unknown, request: FastifyRequest): EdgeError {
    if (exception instanceof EdgeError) return exception;
    if (exception instanceof HttpException) {
      const known = FROM_HTTP_STATUS[exception.getStatus()];
      if (known) return new EdgeError(known[0], known[1]);
    }
    this.logger.error(
      { err: exception, method: request.method, url: request.url },
      'Unexpected error at the HTTP edge',
    );
    return new EdgeError(ErrorCode.INTERNAL_ERROR, 'Internal error');
  }
}
