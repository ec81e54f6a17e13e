import { ListGatewayIpnsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /gateway-ipns`: the filters and cursor of `gateway-ipn.list`. */
export class ListGatewayIpnsQueryDto extends ListGatewayIpnsRequest {}
describeHttpDto(ListGatewayIpnsQueryDto, 'query');
