import { ListUnsettledTransfersRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /vietqr/unsettled-transfers`: the reason filter and cursor of the query. */
export class ListUnsettledTransfersQueryDto extends ListUnsettledTransfersRequest {}
describeHttpDto(ListUnsettledTransfersQueryDto, 'query');
