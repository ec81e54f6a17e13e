import { OmitType } from '@nestjs/swagger';
import { RecoverWebhookEndpointRequest } from '@ppm/contracts';
import { describeHttpDto } from '../openapi/http-dto';

/** Body of `POST /webhook-endpoints/:id/recover`: `webhook-endpoint.recover` without the id, which is in the path. */
export class RecoverWebhookEndpointBodyDto extends OmitType(RecoverWebhookEndpointRequest, ['id'] as const) {}
describeHttpDto(RecoverWebhookEndpointBodyDto, 'body');
