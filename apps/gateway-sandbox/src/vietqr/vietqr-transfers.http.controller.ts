import { BadRequestException, Body, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { parseVietQrPayload } from '@ppm/domain';
import { MerchantStore } from '../sandbox-control/merchant.store';
import type { CallbackDelivery } from '../shared/callback-delivery';
import { fieldsOf } from '../shared/request-fields';
import { VietqrBank } from './vietqr-bank.service';

/** What POST /sandbox/orders/vietqr/:reference/complete answers once SePay's first delivery is done. */
export interface TransferReply {
  gatewayType: 'VIETQR';
  reference: string;
  accountNumber: string;
  amount: number;
  transferId: number;
  delivery: CallbackDelivery | null;
}

/**
 * Control route: the payer's bank app sends a VietQR transfer whose content is `:reference`. Body `{ outcome:
 * "succeeded", qrPayload }` pays what the scanned code asks (its account and amount); `amount` pays another amount;
 * without a code, `accountNumber` and `amount` name the transfer (one that names no payment, say). A payer who
 * does not pay sends nothing, so `succeeded` is the only outcome.
 */
@Controller('sandbox/orders/vietqr')
export class VietqrTransfersHttpController {
  constructor(
    private readonly merchants: MerchantStore,
    private readonly bank: VietqrBank,
  ) {}

  @Post(':reference/complete')
  @HttpCode(200)
  async complete(@Param('reference') reference: string, @Body() body: unknown): Promise<TransferReply> {
    const fields = fieldsOf(body);
    if (fields['outcome'] !== 'succeeded') {
      throw new BadRequestException('outcome must be succeeded: a VietQR payer who does not pay sends nothing');
    }
    const scanned = typeof fields['qrPayload'] === 'string' ? parseVietQrPayload(fields['qrPayload']) : null;
    if (scanned && !scanned.ok) throw new BadRequestException(scanned.error.message);
    const accountNumber = scanned?.value.accountNumber ?? fields['accountNumber'];
    const amount = fields['amount'] ?? (scanned?.value.amount === null ? undefined : Number(scanned?.value.amount));
    if (typeof accountNumber !== 'string') throw new BadRequestException('give the scanned qrPayload or accountNumber');
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
      throw new BadRequestException('amount must be a positive whole number of VND (or come from qrPayload)');
    }
    const account = this.merchants.vietqrAccount(accountNumber);
    if (!account) throw new NotFoundException(`no VIETQR account ${accountNumber}`);
    const transfer = await this.bank.receive(account, amount, reference);
    return {
      gatewayType: 'VIETQR',
      reference,
      accountNumber,
      amount,
      transferId: transfer.id,
      delivery: transfer.delivery && { ...transfer.delivery },
    };
  }
}
