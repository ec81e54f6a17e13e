import { DiscoveryService } from '@nestjs/core';
import type { ConsumedMessage } from '../consumed-message';
import type { ConsumerBinding } from '../consumer-topology';
import type { RequeueInPlace } from '../requeueing-consumer';
import type { RetryPolicy } from '../retry-policy';
import type { ConsumerInbox, InboxMode } from './consumer-inbox';

/** A failed message goes round a ladder of retry queues, then to `<queue>.dlq` (see `ReliableConsumer`). */
export interface RetryLadder extends RetryPolicy {
  kind: 'retry-ladder';
  /** Unacknowledged deliveries (crashes mid-handler) after which the broker dead-letters a message itself. */
  deliveryLimit: number;
}

/** A failed message goes back to its queue; no DLQ (see `RequeueingConsumer`). */
export interface RequeueInPlaceRetry extends RequeueInPlace {
  kind: 'requeue-in-place';
}

/** What a consumer reads, how it retries and how it deduplicates. */
export interface ConsumerDeclaration {
  /** The consumer's name: its `inbox_messages.consumer`, and its label in logs and metrics. */
  name: string;
  /** Its work queue (the bus users' permissions name it: never rename a live one). */
  queue: string;
  bindings: readonly ConsumerBinding[];
  /** Deliveries handled at once. */
  prefetch: number;
  retry: RetryLadder | RequeueInPlaceRetry;
  /** How `handle`'s inbox records a message as handled (see `ConsumerInbox`). */
  inbox: InboxMode;
  /** False to leave it off on this instance (default true). */
  enabled?: boolean;
}

/**
 * A consumer the `ConsumerHost` runs: a provider marked `@MessageConsumer()` that declares what it reads and
 * handles one message at a time. Resolving acknowledges the message; throwing retries it as `retry` says (throw
 * `UnprocessableMessageError` for one no retry can fix). Messages can arrive more than once: `inbox.once` runs the
 * side effect once per message id.
 */
export interface HostedConsumer {
  readonly declaration: ConsumerDeclaration;
  handle(message: ConsumedMessage, inbox: ConsumerInbox): Promise<void>;
}

/** Marks a provider (implementing `HostedConsumer`) for the app's `ConsumerHost` to find and run. */
export const MessageConsumer = DiscoveryService.createDecorator<void>();
