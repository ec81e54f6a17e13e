import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { renderPayPage } from '../shared/html-pages';
import { statusAt } from '../shared/sandbox-order';
import { ZalopayOrderStore } from './zalopay-order.store';

/** The order_url of a ZaloPay order: ZaloPay's payment page, played by the sandbox. */
@Controller('sandbox/pay/zalopay')
export class ZalopayPayPageHttpController {
  constructor(private readonly orders: ZalopayOrderStore) {}

  @Get(':appTransId')
  @Header('content-type', 'text/html; charset=utf-8')
  show(@Param('appTransId') appTransId: string): string {
    const order = this.orders.findByReference(appTransId);
    if (!order) throw new NotFoundException(`no ZALOPAY order ${appTransId}`);
    return renderPayPage({
      gatewayName: 'ZaloPay',
      merchantId: order.merchantId,
      reference: order.reference,
      amount: order.amount,
      description: order.description,
      status: statusAt(order, new Date()),
      completePath: `/sandbox/orders/zalopay/${encodeURIComponent(order.reference)}/complete`,
    });
  }
}
