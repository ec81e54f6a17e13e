import { CreateWebhookEndpointRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /webhook-endpoints`: `webhook-endpoint.create`. */
export class CreateWebhookEndpointBodyDto extends CreateWebhookEndpointRequest {}
describeHttpDto(CreateWebhookEndpointBodyDto, 'body');
