import type { ProcessPaymentReply, ProcessPaymentRequest, Reply } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Takes a payment: creates the transaction, opens the order at the gateway, replies with the payment URL. */
export class ProcessPaymentCommand extends IdempotentCommand<ProcessPaymentRequest, Reply<ProcessPaymentReply>> {}
