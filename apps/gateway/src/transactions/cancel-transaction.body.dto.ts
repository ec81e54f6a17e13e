import { OmitType } from '@nestjs/swagger';
import { CancelPaymentRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /transactions/:id/cancel`: `payment.cancel` without the transaction, which is in the path. */
export class CancelTransactionBodyDto extends OmitType(CancelPaymentRequest, ['transactionId'] as const) {}
describeHttpDto(CancelTransactionBodyDto, 'body');
