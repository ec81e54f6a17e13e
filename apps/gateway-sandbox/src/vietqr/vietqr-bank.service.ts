import { Injectable } from '@nestjs/common';
import { gmt7Timestamp } from '@ppm/gateways';
import type { VietqrAccount } from '../sandbox-control/merchant.store';
import { CallbackDispatcher } from '../shared/callback-dispatcher.service';
import { NumericIdSequence } from '../shared/numeric-id.sequence';
import { BankTransferStore, type BankTransfer } from './bank-transfer.store';

// SePay retries a notification its receiver did not take with a 2xx: 7 more times, on a Fibonacci schedule
// (the sandbox redelivers every SANDBOX_REDELIVERY_INTERVAL_MS instead).
const NOTIFICATION_ATTEMPTS = 8;

/** `yyyy-MM-dd HH:mm:ss` in GMT+7, as SePay writes transactionDate. */
export function sepayTime(instant: Date): string {
  const t = gmt7Timestamp(instant);
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)} ${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}`;
}

/**
 * The bank behind a VietQR code, with SePay watching its accounts: a transfer is booked on the payee's account,
 * then SePay posts it to the account's webhook URL as its JSON notification with `Authorization: Apikey <key>`,
 * and redelivers until a 2xx.
 */
@Injectable()
export class VietqrBank {
  private readonly ids = new NumericIdSequence(Math.floor(Date.now() / 1000));

  constructor(
    private readonly transfers: BankTransferStore,
    private readonly dispatcher: CallbackDispatcher,
  ) {}

  async receive(account: VietqrAccount, amount: number, content: string): Promise<BankTransfer> {
    const id = this.ids.next();
    const transfer = this.transfers.add({
      id,
      accountNumber: account.accountNumber,
      transferType: 'in',
      amount,
      content,
      referenceCode: `FT${id}`,
      bookedAt: new Date(),
      delivery: null,
    });
    const booked = this.transfers.ofAccount(account.accountNumber).reduce((sum, t) => sum + t.amount, 0);
    transfer.delivery = await this.dispatcher.deliver({
      gatewayType: 'VIETQR',
      url: account.webhookUrl,
      method: 'POST',
      headers: { authorization: `Apikey ${account.notificationSecret}` },
      body: JSON.stringify({
        id,
        gateway: 'VPBank',
        transactionDate: sepayTime(transfer.bookedAt),
        accountNumber: account.accountNumber,
        code: null,
        content,
        transferType: 'in',
        transferAmount: amount,
        accumulated: booked,
        subAccount: null,
        referenceCode: transfer.referenceCode,
        description: `BankAPINotify ${content}`,
      }),
      maxAttempts: NOTIFICATION_ATTEMPTS,
      isAcknowledged: (status) => status >= 200 && status < 300,
    });
    return transfer;
  }
}
