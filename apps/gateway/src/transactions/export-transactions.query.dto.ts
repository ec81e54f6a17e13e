import { OmitType } from '@nestjs/swagger';
import { ListTransactionsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /transactions/export.csv`: the filters of `transaction.list`; the export pages itself. */
export class ExportTransactionsQueryDto extends OmitType(ListTransactionsRequest, ['limit', 'cursor'] as const) {}
describeHttpDto(ExportTransactionsQueryDto, 'query');
