import { sleep } from '@ppm/testing';
import type { PpmStack } from '../src/support/ppm-stack';

/** One fault the soak injects: what it is called and how it is played (and undone) on the stack. */
export interface SoakFault {
  name: string;
  play(stack: PpmStack): Promise<void>;
}

// How long each outage lasts: long enough for every app to notice, short next to the minutes between faults.
const OUTAGE_MS = 5_000;
const SLOW_MS = 20_000;
const LATENCY_MS = 50;

const required = <T>(server: T | undefined, what: string): T => {
  if (!server) throw new Error(`the soak's stack has no ${what}`);
  return server;
};

/** The fault specs' faults, one after another in this order, round and round. */
export const SOAK_FAULTS: readonly SoakFault[] = [
  {
    name: 'Postgres shut down fast and started again',
    async play(stack) {
      const postgres = required(stack.postgres, 'Postgres of its own');
      await postgres.stop();
      await sleep(OUTAGE_MS);
      await postgres.restart();
    },
  },
  {
    name: 'NATS stopped and started again',
    async play(stack) {
      const nats = required(stack.nats, 'NATS of its own');
      await nats.stop();
      await sleep(OUTAGE_MS);
      await nats.restart();
    },
  },
  {
    name: `command→Postgres: +${LATENCY_MS} ms, then reset, then a blackhole`,
    async play(stack) {
      const hop = stack.hop('command', 'database');
      hop.delay(LATENCY_MS);
      await sleep(SLOW_MS);
      hop.delay(0);
      hop.reset();
      hop.blackhole();
      await sleep(OUTAGE_MS);
      hop.heal();
    },
  },
  {
    name: 'worker→NATS: a blackhole, then reset',
    async play(stack) {
      const hop = stack.hop('worker', 'nats');
      hop.blackhole();
      await sleep(OUTAGE_MS);
      hop.heal();
      hop.reset();
    },
  },
  {
    name: 'the read replica shut down and started again',
    async play(stack) {
      const replica = required(stack.replica, 'read replica');
      await replica.stop();
      await sleep(OUTAGE_MS);
      await replica.restart();
    },
  },
  {
    name: 'RabbitMQ stopped and started again',
    async play(stack) {
      const broker = required(stack.rabbitMq, 'RabbitMQ of its own');
      await broker.stop();
      await sleep(OUTAGE_MS);
      await broker.restart();
    },
  },
];
