import {
  All,
  Controller,
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  Param,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { currentTraceId } from '@ppm/observability';
import { gatewayOfSlug } from '../../shared/gateway-slug';
import { GatewayWebhookIntake } from './gateway-webhook-intake';
import { WebhookAdmission } from './webhook-admission';

/**
 * `GET|POST /api/v1/internal/ppm/gateway/webhook/:gatewayType`: VNPay IPN is a GET; MoMo, ZaloPay and SePay (VietQR)
 * POST JSON. Unknown gateways answer 404; a source over its rate 429 and one outside the gateway's allowlist 403, before
 * anything is stored. The body size is capped by the worker's HTTP server (WEBHOOK_BODY_LIMIT_BYTES: 413).
 */
@Controller('api/v1/internal/ppm/gateway/webhook')
export class GatewayWebhookHttpController {
  constructor(
    private readonly intake: GatewayWebhookIntake,
    private readonly admission: WebhookAdmission,
  ) {}

  @All(':gatewayType')
  async receive(
    @Param('gatewayType') slug: string,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const gatewayType = gatewayOfSlug(slug);
    if (!gatewayType) throw new NotFoundException('Unknown gateway; expected vnpay, momo, zalopay or vietqr');
    const sourceIp = request.ip ?? null;
    switch (this.admission.admit(gatewayType, sourceIp)) {
      case 'RATE_LIMITED':
        throw new HttpException('Too many webhook requests from this source', HttpStatus.TOO_MANY_REQUESTS);
      case 'SOURCE_NOT_ALLOWED':
        throw new ForbiddenException('This source may not deliver this gateway’s callbacks');
      case 'ADMITTED':
        break;
    }
    const answer = await this.intake.receive(
      gatewayType,
      {
        method: request.method,
        query: request.query as Record<string, string | undefined>,
        rawBody: request.rawBody?.toString('utf8') ?? '',
        headers: request.headers as Record<string, string | undefined>,
      },
      sourceIp,
      currentTraceId(),
    );
    void reply.code(answer.status);
    if (answer.body) await reply.send(answer.body);
    else await reply.send();
  }
}
