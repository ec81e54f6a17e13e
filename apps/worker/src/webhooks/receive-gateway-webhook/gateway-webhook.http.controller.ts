import { All, Controller, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayType } from '@ppm/gateways';
import { currentTraceId } from '@ppm/observability';
import { GatewayWebhookIntake } from './gateway-webhook-intake';

const GATEWAYS: Record<string, GatewayType> = { vnpay: 'VNPAY', momo: 'MOMO', zalopay: 'ZALOPAY' };

/** `GET|POST /api/v1/internal/ppm/gateway/webhook/:gatewayType`: VNPay IPN is a GET, MoMo and ZaloPay POST JSON. */
@Controller('api/v1/internal/ppm/gateway/webhook')
export class GatewayWebhookHttpController {
  constructor(private readonly intake: GatewayWebhookIntake) {}

  @All(':gatewayType')
  async receive(
    @Param('gatewayType') slug: string,
    @Req() request: FastifyRequest & { rawBody?: Buffer },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const gatewayType = GATEWAYS[slug.toLowerCase()];
    if (!gatewayType) throw new NotFoundException(`Unknown gateway ${slug}; expected vnpay, momo or zalopay`);
    const answer = await this.intake.receive(
      gatewayType,
      {
        method: request.method,
        query: request.query as Record<string, string | undefined>,
        rawBody: request.rawBody?.toString('utf8') ?? '',
        headers: request.headers as Record<string, string | undefined>,
      },
      request.ip ?? null,
      currentTraceId(),
    );
    void reply.code(answer.status);
    if (answer.body) await reply.send(answer.body);
    else await reply.send();
  }
}
