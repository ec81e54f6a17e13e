import { AddGatewayConfigRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /gateways/configurations`: `gateway-config.add`. */
export class AddGatewayConfigBodyDto extends AddGatewayConfigRequest {}
describeHttpDto(AddGatewayConfigBodyDto, 'body');
