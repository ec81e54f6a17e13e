import { TransactionStatsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /transactions/stats`: the period of `transaction.stats`. */
export class TransactionStatsQueryDto extends TransactionStatsRequest {}
describeHttpDto(TransactionStatsQueryDto, 'query');
