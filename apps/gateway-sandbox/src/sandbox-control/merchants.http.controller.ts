import { BadRequestException, Body, Controller, Post } from '@nestjs/common';
import type { GatewayType } from '@ppm/gateways';
import { readMerchantRegistration } from './merchant-registration';
import { MerchantStore } from './merchant.store';

/** Control route: registers (or replaces) a merchant at run time. Not a gateway API. */
@Controller('sandbox/merchants')
export class MerchantsHttpController {
  constructor(private readonly merchants: MerchantStore) {}

  @Post()
  register(@Body() body: unknown): { gatewayType: GatewayType; merchantId: string } {
    const reading = readMerchantRegistration(body);
    if (!reading.ok) throw new BadRequestException(reading.error);
    return this.merchants.register(reading.value);
  }
}
