import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ZalopayOpenApi } from './zalopay-openapi.service';

/**
 * ZaloPay's v2 API. Bodies may be JSON or `application/x-www-form-urlencoded` (Nest's Fastify adapter parses both);
 * HTTP 200 with ZaloPay's codes in the body, whatever the outcome.
 */
@Controller('v2')
export class ZalopayOpenApiHttpController {
  constructor(private readonly api: ZalopayOpenApi) {}

  @Post('create')
  @HttpCode(200)
  create(@Body() body: unknown): Record<string, unknown> {
    return this.api.create(body);
  }

  @Post('query')
  @HttpCode(200)
  query(@Body() body: unknown): Record<string, unknown> {
    return this.api.query(body);
  }

  @Post('refund')
  @HttpCode(200)
  refund(@Body() body: unknown): Record<string, unknown> {
    return this.api.refund(body);
  }

  @Post('query_refund')
  @HttpCode(200)
  queryRefund(@Body() body: unknown): Record<string, unknown> {
    return this.api.queryRefund(body);
  }
}
