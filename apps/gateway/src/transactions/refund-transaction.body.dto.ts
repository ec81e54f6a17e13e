import { OmitType } from '@nestjs/swagger';
import { ProcessRefundRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /transactions/:id/refund`: `refund.process` without the transaction, which is in the path. */
export class RefundTransactionBodyDto extends OmitType(ProcessRefundRequest, ['transactionId'] as const) {}
describeHttpDto(RefundTransactionBodyDto, 'body');
