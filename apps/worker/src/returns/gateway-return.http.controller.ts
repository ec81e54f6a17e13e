import { Controller, Get, NotFoundException, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { gatewayOfSlug } from '../shared/gateway-slug';
import { BrowserReturn } from './browser-return';
import { returnPage } from './return-pages';

/**
 * `GET /api/v1/ppm/gateway/return/:gatewayType`: where a gateway sends the customer's browser after paying. A valid
 * link is answered with a 302 to the payment's return URL (`?transactionId=…&status=…`); a link whose signature does
 * not verify gets a 400 page saying so, and no redirect.
 */
@Controller('api/v1/ppm/gateway/return')
export class GatewayReturnHttpController {
  constructor(private readonly browserReturn: BrowserReturn) {}

  @Get(':gatewayType')
  async comeBack(
    @Param('gatewayType') slug: string,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const gatewayType = gatewayOfSlug(slug);
    if (!gatewayType) throw new NotFoundException(`Unknown gateway ${slug}; expected vnpay, momo or zalopay`);
    const outcome = await this.browserReturn.resolve(gatewayType, query, request.ip ?? null);
    // The link's signed query must not leak to the next site through the Referer, nor be cached.
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    switch (outcome.kind) {
      case 'redirect':
        await reply.code(302).header('location', outcome.location).send();
        return;
      case 'status-page':
        await this.page(reply, 200, 'Payment status', `Payment ${outcome.transactionId} is ${outcome.status}.`);
        return;
      case 'invalid':
        await this.page(
          reply,
          400,
          'Invalid link',
          'This payment return link is invalid: it was not signed by the gateway.',
        );
        return;
      case 'not-found':
        await this.page(reply, 404, 'Payment not found', 'No payment matches this return link.');
        return;
    }
  }

  private async page(reply: FastifyReply, status: number, title: string, message: string): Promise<void> {
    await reply.code(status).header('content-type', 'text/html; charset=utf-8').send(returnPage(title, message));
  }
}
