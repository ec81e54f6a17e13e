import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import type { GatewayType } from '@ppm/gateways';
import { MomoCheckout } from '../momo/momo-checkout.service';
import type { CallbackDelivery } from '../shared/callback-delivery';
import { gatewayFromSlug } from '../shared/gateway-slug';
import type { GatewayCheckout } from '../shared/gateway-checkout.port';
import { viewOf, type OrderStatusAt, type OrderView } from '../shared/sandbox-order';
import { VnpayCheckout } from '../vnpay/vnpay-checkout.service';
import { ZalopayCheckout } from '../zalopay/zalopay-checkout.service';
import { readCustomerOutcome } from './order-completion';

/** What POST …/complete answers once the first callback delivery is done. */
export interface CompletionReply {
  gatewayType: GatewayType;
  reference: string;
  status: OrderStatusAt;
  delivery: CallbackDelivery | null;
  /** The browser's way back to the merchant with the gateway's return parameters (the pay page follows it). */
  redirectUrl: string | null;
}

/** Control routes: finish an order as its customer would, and read an order's state. Not a gateway API. */
@Controller('sandbox/orders')
export class OrdersHttpController {
  // A VietQR payer pays from their own bank app: its transfers have their own route (VietqrTransfersHttpController).
  private readonly checkouts: Partial<Record<GatewayType, GatewayCheckout>>;

  constructor(vnpay: VnpayCheckout, momo: MomoCheckout, zalopay: ZalopayCheckout) {
    this.checkouts = { VNPAY: vnpay, MOMO: momo, ZALOPAY: zalopay };
  }

  @Post(':gatewayType/:reference/complete')
  @HttpCode(200)
  async complete(
    @Param('gatewayType') slug: string,
    @Param('reference') reference: string,
    @Body() body: unknown,
  ): Promise<CompletionReply> {
    const checkout = this.checkoutOf(slug);
    const outcome = readCustomerOutcome(body);
    if (!outcome) throw new BadRequestException('outcome must be succeeded, failed or cancelled');
    const completion = await checkout.complete(reference, outcome);
    switch (completion.kind) {
      case 'not_found':
        throw new NotFoundException(`no ${checkout.gatewayType} order ${reference}`);
      case 'final':
        throw new ConflictException(`${checkout.gatewayType} order ${reference} is already ${completion.status}`);
      case 'completed':
        return {
          gatewayType: checkout.gatewayType,
          reference,
          status: completion.order.status,
          delivery: completion.delivery && { ...completion.delivery },
          redirectUrl: completion.redirectUrl,
        };
    }
  }

  @Get(':gatewayType/:reference')
  view(@Param('gatewayType') slug: string, @Param('reference') reference: string): OrderView {
    const checkout = this.checkoutOf(slug);
    const order = checkout.find(reference);
    if (!order) throw new NotFoundException(`no ${checkout.gatewayType} order ${reference}`);
    return viewOf(checkout.gatewayType, order, new Date());
  }

  private checkoutOf(slug: string): GatewayCheckout {
    const gatewayType = gatewayFromSlug(slug);
    const checkout = gatewayType && this.checkouts[gatewayType];
    if (!checkout) throw new NotFoundException(`unknown gateway ${slug}: use vnpay, momo or zalopay`);
    return checkout;
  }
}
