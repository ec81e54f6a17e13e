import { Injectable } from '@nestjs/common';
import type { CallbackDelivery } from '../shared/callback-delivery';

/** Money received on (`in`) or sent from (`out`) a watched account, as the bank booked it. Amounts are VND. */
export interface BankTransfer {
  /** SePay's id of the transaction, unique across accounts. */
  id: number;
  accountNumber: string;
  transferType: 'in' | 'out';
  amount: number;
  content: string;
  /** The bank's reference of the transfer (FT…), on the statement too. */
  referenceCode: string;
  bookedAt: Date;
  /** SePay's notification of it (updated while it is redelivered). */
  delivery: CallbackDelivery | null;
}

/** The sandbox bank's ledger: every transfer booked on the accounts SePay watches, in memory. */
@Injectable()
export class BankTransferStore {
  private readonly transfers: BankTransfer[] = [];

  add(transfer: BankTransfer): BankTransfer {
    this.transfers.push(transfer);
    return transfer;
  }

  ofAccount(accountNumber: string): BankTransfer[] {
    return this.transfers.filter((transfer) => transfer.accountNumber === accountNumber);
  }
}
