import { OmitType } from '@nestjs/swagger';
import { UpdateWebhookEndpointRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `PUT /webhook-endpoints/:id`: `webhook-endpoint.update` without the id, which is in the path. */
export class UpdateWebhookEndpointBodyDto extends OmitType(UpdateWebhookEndpointRequest, ['id'] as const) {}
describeHttpDto(UpdateWebhookEndpointBodyDto, 'body');
