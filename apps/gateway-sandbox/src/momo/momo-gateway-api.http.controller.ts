import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { MomoGatewayApi } from './momo-gateway-api.service';

/** MoMo's AIO v2 API: HTTP 200 with MoMo's resultCode in the body, whatever the outcome. */
@Controller('v2/gateway/api')
export class MomoGatewayApiHttpController {
  constructor(private readonly api: MomoGatewayApi) {}

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
}
