import { ListAuditRecordsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /audit`: the filters and cursor of `audit.list`. */
export class ListAuditRecordsQueryDto extends ListAuditRecordsRequest {}
describeHttpDto(ListAuditRecordsQueryDto, 'query');
