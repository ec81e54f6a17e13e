import { Controller, Get, Header, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { renderErrorPage, renderPayPage } from '../shared/html-pages';
import { statusAt } from '../shared/sandbox-order';
import { VNPAY_PAGE_ERRORS, VnpayCheckout } from './vnpay-checkout.service';

/** VNPay's payment URL: the pay page for a valid signed request, VNPay's error page (HTTP 200) otherwise. */
@Controller('paymentv2')
export class VnpayPaymentPageHttpController {
  constructor(private readonly checkout: VnpayCheckout) {}

  @Get('vpcpay.html')
  @Header('content-type', 'text/html; charset=utf-8')
  open(@Req() request: FastifyRequest): string {
    // Parsed from the raw URL with form decoding, as VNPay reads it (the signature is over the decoded values).
    const params = Object.fromEntries(new URL(request.url, 'http://sandbox.invalid').searchParams);
    const opened = this.checkout.open(params);
    if (!opened.ok) return renderErrorPage('VNPay', 'data-vnp-error', opened.error, VNPAY_PAGE_ERRORS[opened.error]);
    const order = opened.value;
    return renderPayPage({
      gatewayName: 'VNPay',
      merchantId: order.merchantId,
      reference: order.reference,
      amount: order.amount,
      description: order.orderInfo,
      status: statusAt(order, new Date()),
      completePath: `/sandbox/orders/vnpay/${encodeURIComponent(order.reference)}/complete`,
    });
  }
}
