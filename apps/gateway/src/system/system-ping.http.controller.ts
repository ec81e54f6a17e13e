import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles, Subjects, type Reply, type SystemPingReply } from '@ppm/contracts';
import { NatsRequester } from '@ppm/messaging';
import { BearerAccess, CurrentPrincipal } from '../auth/access.decorator';
import type { Principal } from '../auth/principal';
import { edgeErrorOf } from '../http/nats-gateway';

/**
 * Diagnostics: shows that the edge reaches the command and query services over NATS, with the request's trace.
 * It reads no tenant's data, yet takes a bearer token: an open route under /api would let anyone load the
 * services through the edge. Left out of the API document, like the health probes.
 */
@ApiExcludeController()
@BearerAccess(Roles.viewer)
@Controller('api/v1/ppm/system')
export class SystemPingHttpController {
  constructor(private readonly nats: NatsRequester) {}

  @Get('ping')
  async ping(
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ success: true; data: { command: SystemPingReply; query: SystemPingReply } }> {
    const meta = { tenantId: principal.tenantId };
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
