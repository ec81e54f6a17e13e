import { ProcessPaymentRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /api/v1/internal/ppm/process-payment`: `payment.process`. */
export class ProcessPaymentBodyDto extends ProcessPaymentRequest {}
describeHttpDto(ProcessPaymentBodyDto, 'body');
