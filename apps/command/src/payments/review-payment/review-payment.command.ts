import type { Reply, ReviewPaymentReply, ReviewPaymentRequest } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** An operator approves or rejects a payment the risk rules held for review. */
export class ReviewPaymentCommand extends IdempotentCommand<ReviewPaymentRequest, Reply<ReviewPaymentReply>> {}
