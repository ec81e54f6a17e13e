import { ListTransactionsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /transactions`: the filters and cursor of `transaction.list`. */
export class ListTransactionsQueryDto extends ListTransactionsRequest {}
describeHttpDto(ListTransactionsQueryDto, 'query');
