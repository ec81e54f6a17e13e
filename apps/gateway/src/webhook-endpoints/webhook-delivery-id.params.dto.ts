import { WebhookDeliveryIdRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** `:deliveryId` of a merchant webhook delivery. */
export class WebhookDeliveryIdParamsDto extends WebhookDeliveryIdRequest {}
describeHttpDto(WebhookDeliveryIdParamsDto, 'path');
