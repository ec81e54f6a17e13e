import { ListWebhookEndpointsRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /webhook-endpoints`. */
export class ListWebhookEndpointsQueryDto extends ListWebhookEndpointsRequest {}
describeHttpDto(ListWebhookEndpointsQueryDto, 'query');
