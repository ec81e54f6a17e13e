import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ok, type Reply, type TestWebhookEndpointReply } from '@ppm/contracts';
import { WebhookDeliverySteering } from '@ppm/persistence';
import { eventContextOf } from '../../shared/command-context';
import { webhookEndpointNotFound } from '../webhook-endpoint-not-found';
import { TestWebhookEndpointCommand } from './test-webhook-endpoint.command';

@CommandHandler(TestWebhookEndpointCommand)
export class TestWebhookEndpointHandler implements ICommandHandler<TestWebhookEndpointCommand> {
  constructor(private readonly steering: WebhookDeliverySteering) {}

  async execute({ meta, data }: TestWebhookEndpointCommand): Promise<Reply<TestWebhookEndpointReply>> {
    const ping = await this.steering.queuePing(meta.tenantId, data.id, eventContextOf(meta));
    return ping ? ok(ping) : webhookEndpointNotFound(data.id);
  }
}
