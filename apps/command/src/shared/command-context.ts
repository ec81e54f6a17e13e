import type { RequestMeta } from '@ppm/contracts';
import type { EventContext, GatewayType } from '@ppm/domain';

/** The event context of a command: its trace, correlated by its idempotency key when it has one, and its actor. */
export function eventContextOf(meta: RequestMeta, causationId: string | null = null): EventContext {
  return {
    traceId: meta.traceId,
    correlationId: meta.idempotencyKey ?? meta.traceId,
    causationId,
    actor: meta.userId ? { type: 'USER', id: meta.userId } : { type: 'SERVICE', id: null },
  };
}

/** The context of a change a gateway reported (a callback, a status answer): the gateway is its actor. */
export function gatewayContextOf(meta: RequestMeta, gatewayType: GatewayType): EventContext {
  return { ...eventContextOf(meta), actor: { type: 'GATEWAY', id: gatewayType } };
}
