import type { ConsumerDeserializer, IncomingRequest } from '@nestjs/microservices';
import { JSONCodec } from 'nats';

const codec = JSONCodec();

/**
 * Reads a plain NATS request carrying the contract's `{ meta, data }` envelope. Nest's default deserializer would
 * take the envelope's `data` field for its own packet format, dropping `meta` and, with no `id`, treating the
 * request as a fire-and-forget event that never gets a reply. Here the handler receives the whole envelope and a
 * message with a reply subject is always a request.
 */
export class ContractRequestDeserializer implements ConsumerDeserializer {
  deserialize(value: Uint8Array, options?: { channel?: string; replyTo?: string }): IncomingRequest {
    let envelope: unknown;
    try {
      envelope = codec.decode(value);
    } catch {
      envelope = undefined; // Not JSON: the handler's validation answers VALIDATION_ERROR.
    }
    return { pattern: options?.channel ?? '', data: envelope, id: options?.replyTo ?? '' };
  }
}
