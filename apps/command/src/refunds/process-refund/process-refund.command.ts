import type { ProcessRefundReply, ProcessRefundRequest, Reply } from '@ppm/contracts';
import { IdempotentCommand } from '../../shared/idempotent-command';

/** Refunds (part of) a captured payment through its gateway. */
export class ProcessRefundCommand extends IdempotentCommand<ProcessRefundRequest, Reply<ProcessRefundReply>> {}
