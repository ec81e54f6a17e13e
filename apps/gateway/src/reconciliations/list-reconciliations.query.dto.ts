import { ListReconciliationsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /reconciliations`. */
export class ListReconciliationsQueryDto extends ListReconciliationsRequest {}
describeHttpDto(ListReconciliationsQueryDto, 'query');
