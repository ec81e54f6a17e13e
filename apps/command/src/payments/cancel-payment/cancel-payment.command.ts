import type { CancelPaymentReply, CancelPaymentRequest, Reply } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Cancels a payment that has not reached an outcome. */
export class CancelPaymentCommand extends IdempotentCommand<CancelPaymentRequest, Reply<CancelPaymentReply>> {}
