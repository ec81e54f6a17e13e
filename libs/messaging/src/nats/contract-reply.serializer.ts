import type { Serializer } from '@nestjs/microservices';
import { JSONCodec } from 'nats';
import { ErrorCode, fail } from '@ppm/contracts';

interface OutgoingPacket {
  response?: unknown;
  err?: unknown;
}

const codec = JSONCodec();

/**
 * Writes exactly the contract's reply (`{ success, data }` / `{ success: false, error }`) on the wire instead of
 * Nest's internal `{ response, isDisposed, id }` packet, so callers using any NATS client read the contract's
 * envelope. A packet with `err` (no handler, or an error that escaped the filters) becomes a structured error.
 */
export class ContractReplySerializer implements Serializer<OutgoingPacket, { data: Uint8Array }> {
  serialize(packet: OutgoingPacket): { data: Uint8Array } {
    if (packet.err !== undefined && packet.err !== null) {
      const noHandler = typeof packet.err === 'string' && packet.err.startsWith('There is no matching message handler');
      return {
        data: codec.encode(
          noHandler
            ? fail(ErrorCode.SERVICE_UNAVAILABLE, 'No handler for this subject in this service')
            : fail(ErrorCode.INTERNAL_ERROR, 'Internal error'),
        ),
      };
    }
    return { data: codec.encode(packet.response ?? null) };
  }
}
