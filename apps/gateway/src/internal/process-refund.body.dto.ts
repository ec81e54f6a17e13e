import { ProcessRefundRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /api/v1/internal/ppm/process-refund`: `refund.process`. */
export class ProcessRefundBodyDto extends ProcessRefundRequest {}
describeHttpDto(ProcessRefundBodyDto, 'body');
