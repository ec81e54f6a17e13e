import { connect, type ChannelModel } from 'amqplib';

/**
 * Runs an operator's work on the dead-letter queues over a connection of its own, closed afterwards: peeks and
 * replays are rare, and a connection per action keeps the operator's broker user off the apps' long-lived ones.
 * The ops CLI (`dlq:*`) and the worker's dead-letter actions both go through it.
 */
export async function withDeadLetterBroker<T>(
  url: string,
  connectionName: string,
  work: (model: ChannelModel) => Promise<T>,
): Promise<T> {
  const model = await connect(url, { clientProperties: { connection_name: connectionName } });
  model.on('error', () => undefined);
  try {
    return await work(model);
  } finally {
    await model.close().catch(() => undefined);
  }
}

/** Whether a broker error is its "no such queue" (amqplib reports refusals as channel closes with a reply code). */
export function isMissingQueue(error: unknown): boolean {
  return (error as { code?: unknown }).code === 404;
}
