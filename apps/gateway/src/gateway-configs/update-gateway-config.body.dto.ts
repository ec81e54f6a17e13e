import { OmitType } from '@nestjs/swagger';
import { UpdateGatewayConfigRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `PUT /gateways/configurations/:id`: `gateway-config.update` without the id, which is in the path. */
export class UpdateGatewayConfigBodyDto extends OmitType(UpdateGatewayConfigRequest, ['id'] as const) {}
describeHttpDto(UpdateGatewayConfigBodyDto, 'body');
