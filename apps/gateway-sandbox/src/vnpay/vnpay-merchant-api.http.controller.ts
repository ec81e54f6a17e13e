import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { VnpayMerchantApi, type VnpayApiReply } from './vnpay-merchant-api.service';

/** VNPay's merchant_webapi (querydr, refund): HTTP 200 with VNPay's code in the body, whatever the outcome. */
@Controller('merchant_webapi/api')
export class VnpayMerchantApiHttpController {
  constructor(private readonly api: VnpayMerchantApi) {}

  @Post('transaction')
  @HttpCode(200)
  transaction(@Body() body: unknown): VnpayApiReply {
    return this.api.handle(body);
  }
}
