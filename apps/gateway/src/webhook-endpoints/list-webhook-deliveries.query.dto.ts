import { WebhookDeliveryFilter } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Query string of `GET /webhook-endpoints/:id/deliveries`: the filters and cursor of `webhook-delivery.list`. */
export class ListWebhookDeliveriesQueryDto extends WebhookDeliveryFilter {}
describeHttpDto(ListWebhookDeliveriesQueryDto, 'query');
