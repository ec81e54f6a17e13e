import { BadRequestException, Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { MerchantStore } from '../sandbox-control/merchant.store';
import { gatewayFromSlug } from '../shared/gateway-slug';
import { SettlementReports } from './settlement-reports.service';

/** Control route: a merchant's settlement file for one business day, as the reconciliation job downloads it. */
@Controller('sandbox/settlements')
export class SettlementHttpController {
  constructor(
    private readonly merchants: MerchantStore,
    private readonly reports: SettlementReports,
  ) {}

  @Get(':gatewayType/:merchantId/:date')
  @Header('content-type', 'text/csv; charset=utf-8')
  download(
    @Param('gatewayType') slug: string,
    @Param('merchantId') merchantId: string,
    @Param('date') date: string,
  ): string {
    const gatewayType = gatewayFromSlug(slug);
    if (!gatewayType) throw new NotFoundException(`unknown gateway ${slug}: use vnpay, momo, zalopay or vietqr`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new BadRequestException('date must be yyyy-MM-dd (GMT+7)');
    if (!this.merchants.has(gatewayType, merchantId)) {
      throw new NotFoundException(`no ${gatewayType} merchant ${merchantId}`);
    }
    return this.reports.csv(gatewayType, merchantId, date);
  }
}
