import type { Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ok, type Reply, type SystemPingReply } from '@ppm/contracts';
import { currentTraceId, ServiceIdentity } from '@ppm/observability';
import { NatsController } from './nats-controller.decorator';

/**
 * A controller answering `subject` with the instance that handled it and the traceId it saw: lets operators
 * and tests see queue-group balancing and trace propagation without touching any data.
 */
export function systemPingNatsController(subject: string): Type<unknown> {
  @NatsController()
  class SystemPingNatsController {
    constructor(private readonly identity: ServiceIdentity) {}

    @MessagePattern(subject)
    ping(): Reply<SystemPingReply> {
      return ok({ service: this.identity.service, instanceId: this.identity.instanceId, traceId: currentTraceId() });
    }
  }
  return SystemPingNatsController;
}
