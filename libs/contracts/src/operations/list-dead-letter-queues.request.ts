/** `ppm.query.dead-letter-queue.list` data (served by the worker): nothing to filter, every consumer's DLQ. */
export class ListDeadLetterQueuesRequest {}

/** A consumer's dead-letter queue (`<work queue>.dlq`) and how many messages it holds. */
export interface DeadLetterQueueView {
  queue: string;
  depth: number;
}

/** Reply data of `dead-letter-queue.list`. */
export interface ListDeadLetterQueuesReply {
  items: DeadLetterQueueView[];
}
