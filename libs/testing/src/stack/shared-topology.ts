import { connect } from 'amqplib';
import { testInfra } from '../test-infra';

/** Deletes queues and exchanges a test's apps declared on the shared broker, as its administrator. */
export async function deleteSharedTopology(topology: {
  queues: readonly string[];
  exchanges: readonly string[];
}): Promise<void> {
  const connection = await connect(testInfra.amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of topology.queues) await channel.deleteQueue(queue);
    for (const exchange of topology.exchanges) await channel.deleteExchange(exchange);
  } finally {
    await connection.close();
  }
}
