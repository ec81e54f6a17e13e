import { Transport, type NatsOptions } from '@nestjs/microservices';
import { ContractReplySerializer } from './contract-reply.serializer';
import { ContractRequestDeserializer } from './contract-request.deserializer';

/** Settings of a PPM NATS server. */
export interface NatsServerSettings {
  url: string;
  /** Queue group: replicas share requests instead of each handling every one. */
  queue: string;
  /** Instance name shown by the NATS server's monitoring. */
  name: string;
  /** How long shutdown waits for in-flight handlers before closing. */
  gracePeriodMs: number;
}

/** Options of a Nest NATS microservice that joins its queue group and drains on shutdown. */
export function natsServerOptions(settings: NatsServerSettings): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: [settings.url],
      name: settings.name,
      queue: settings.queue,
      gracefulShutdown: true,
      gracePeriod: settings.gracePeriodMs,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      serializer: new ContractReplySerializer(),
      deserializer: new ContractRequestDeserializer(),
    },
  };
}
