import { IsUUID } from 'class-validator';

/**
 * `ppm.command.transaction.sync` data (served by the worker): an operator's "ask the gateway now" for one of the
 * tenant's payments. The worker records who asked and has the command service query the gateway
 * (`payment.sync-status`, which stays the worker's alone); the reply is that command's.
 */
export class SyncTransactionRequest {
  @IsUUID()
  transactionId!: string;
}
