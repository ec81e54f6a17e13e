import type { ChannelModel } from 'amqplib';
import { isMissingQueue, listDeadLetters, replayDeadLetters, withDeadLetterBroker } from '@ppm/messaging';
import { command, JSON_OPTION } from '../cli/command';
import { wholeNumber } from '../cli/option-values';
import { print, printJson, printTable } from '../cli/output';

const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://ppm-operator:ppm-operator-dev@127.0.0.1:5672';
const QUEUE = [{ name: 'queue', required: true }] as const;

const withBroker = <T>(work: (model: ChannelModel) => Promise<T>): Promise<T> =>
  withDeadLetterBroker(AMQP_URL, 'ppm-cli', work);

/** A broker refusal in plain words. */
function brokerError(error: unknown, queue: string): Error {
  if (isMissingQueue(error))
    return new Error(`no such queue: ${queue} (is it a consumer's work queue, and has it started once?)`);
  return error instanceof Error ? error : new Error(String(error));
}

const workQueueOf = (queue: string): string => queue.replace(/\.dlq$/, '');

export const dlqListCommand = command({
  name: 'dlq:list',
  summary: "how many messages a consumer's dead-letter queue `<queue>.dlq` holds, and the first N; they stay",
  synopsis: '<queue> [--limit N] [--json]',
  arguments: QUEUE,
  options: { limit: { type: 'string', help: 'how many messages to show (default 10)' }, ...JSON_OPTION },
  async run(options, [name = '']) {
    const queue = workQueueOf(name);
    const limit = wholeNumber(options.limit, 'limit', 1) ?? 10;
    const listing = await withBroker(async (model) =>
      listDeadLetters(await model.createChannel(), queue, limit).catch((error: unknown) => {
        throw brokerError(error, `${queue}.dlq`);
      }),
    );
    if (options.json) return printJson(listing);
    print(`${listing.queue}: ${listing.count} message${listing.count === 1 ? '' : 's'}`);
    if (listing.count === 0) return;
    print(listing.first.length < listing.count ? `the first ${listing.first.length}:` : '');
    printTable(
      [
        ['MESSAGE ID', (d) => d.messageId],
        ['ROUTING KEY', (d) => d.routingKey],
        ['ATTEMPTS', (d) => d.attempts],
        ['REASON', (d) => d.reason],
        ['DEAD-LETTERED AT', (d) => d.deadLetteredAt],
        ['LAST ERROR', (d) => d.lastError],
        ['BODY', (d) => d.body],
      ],
      listing.first,
    );
  },
});

export const dlqReplayCommand = command({
  name: 'dlq:replay',
  summary: 'moves the messages of `<queue>.dlq` back to the work queue as first attempts',
  synopsis: '<queue> [--limit N]',
  arguments: QUEUE,
  options: { limit: { type: 'string', help: 'replay at most this many (default all)' } },
  async run(options, [name = '']) {
    const queue = workQueueOf(name);
    const limit = wholeNumber(options.limit, 'limit', 1) ?? Number.MAX_SAFE_INTEGER;
    const result = await withBroker(async (model) => {
      const channel = await model.createConfirmChannel();
      try {
        return await replayDeadLetters(channel, queue, limit, (replayed) => {
          if (replayed % 100 === 0) process.stderr.write(`… ${replayed} replayed\n`);
        });
      } catch (error) {
        throw brokerError(error, queue);
      } finally {
        await channel.close().catch(() => undefined);
      }
    });
    print(
      `replayed ${result.replayed} message${result.replayed === 1 ? '' : 's'} from ${result.queue} to ${queue}; ` +
        `${result.remaining} left in ${result.queue}`,
    );
  },
});
