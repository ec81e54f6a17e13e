import { ListGatewayConfigsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /gateways/configurations`. */
export class ListGatewayConfigsQueryDto extends ListGatewayConfigsRequest {}
describeHttpDto(ListGatewayConfigsQueryDto, 'query');
