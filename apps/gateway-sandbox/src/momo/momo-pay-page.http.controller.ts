import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { renderPayPage } from '../shared/html-pages';
import { statusAt } from '../shared/sandbox-order';
import { MomoOrderStore } from './momo-order.store';

/** The payUrl of a MoMo order: MoMo's payment page, played by the sandbox. */
@Controller('sandbox/pay/momo')
export class MomoPayPageHttpController {
  constructor(private readonly orders: MomoOrderStore) {}

  @Get(':orderId')
  @Header('content-type', 'text/html; charset=utf-8')
  show(@Param('orderId') orderId: string): string {
    const order = this.orders.findByReference(orderId);
    if (!order) throw new NotFoundException(`no MOMO order ${orderId}`);
    return renderPayPage({
      gatewayName: 'MoMo',
      merchantId: order.merchantId,
      reference: order.reference,
      amount: order.amount,
      description: order.orderInfo,
      status: statusAt(order, new Date()),
      completePath: `/sandbox/orders/momo/${encodeURIComponent(order.reference)}/complete`,
    });
  }
}
