import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Subjects, type Reply, type SystemPingReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { PublicAccess } from '../auth/access.decorator';
import { edgeErrorOf } from '../http/nats-gateway';

const PLATFORM_TENANT = '00000000-0000-0000-0000-000000000000';

/**
 * Diagnostics: shows that the edge reaches the command and query services over NATS, with the request's trace.
 * Public (it reads no tenant's data) and left out of the API document, like the health probes.
 */
@ApiExcludeController()
@PublicAccess()
@Controller('api/v1/ppm/system')
export class SystemPingHttpController {
  constructor(private readonly nats: NatsRequester) {}

  @Get('ping')
  async ping(): Promise<{ success: true; data: { command: SystemPingReply; query: SystemPingReply } }> {
    const meta = { tenantId: PLATFORM_TENANT };
    const [command, query] = await Promise.all([
      this.nats.request<SystemPingReply>(Subjects.command.systemPing, {}, meta),
      this.nats.request<SystemPingReply>(Subjects.query.systemPing, {}, meta),
    ]);
    return { success: true, data: { command: unwrap(command), query: unwrap(query) } };
  }
}

function unwrap<T>(reply: Reply<T>): T {
  if (reply.success) return reply.data;
  throw edgeErrorOf(reply.error);
}
