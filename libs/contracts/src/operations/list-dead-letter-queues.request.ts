/** A consumer's dead-letter queue (`<work queue>.dlq`) and how many messages it holds. */
export interface DeadLetterQueueView {
  queue: string;
  depth: number;
}

/** Reply data of `ppm.query.dead-letter-queue.list` (served by the worker; its data is `{}`): every consumer's DLQ. */
export interface ListDeadLetterQueuesReply {
  items: DeadLetterQueueView[];
}
