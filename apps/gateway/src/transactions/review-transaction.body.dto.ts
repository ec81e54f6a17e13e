import { OmitType } from '@nestjs/swagger';
import { ReviewPaymentRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /transactions/:id/review`: `payment.review` without the transaction, which is in the path. */
export class ReviewTransactionBodyDto extends OmitType(ReviewPaymentRequest, ['transactionId'] as const) {}
describeHttpDto(ReviewTransactionBodyDto, 'body');
