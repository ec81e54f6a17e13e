// `npm run ppm -- <command>`: a small operator's CLI. `npm run ppm -- --help` lists the commands and
// `npm run ppm -- <command> --help` prints one's usage. It exits 2 on a mistake in how a command was called (an
// unknown option, a missing value) and 1 on any other failure. Each group of commands lives in tools/ppm/.
// DATABASE_URL, AMQP_URL and NATS_URL come from the environment, with the local defaults of `npm run infra:up`. On the
// bus the CLI is an internal caller on NATS (NATS_USER / NATS_PASSWORD or NATS_CREDS_FILE, default that role's
// development user; `reconcile` is the worker) and the operator on RabbitMQ (AMQP_URL's userinfo).
import { runCli } from './cli/command-line';
import { apiKeyCommand, tokenCommand } from './ppm/credentials';
import { dlqListCommand, dlqReplayCommand } from './ppm/dlq';
import { jobRunCommand, jobRunsCommand } from './ppm/jobs';
import { outboxParkedCommand, outboxRequeueCommand } from './ppm/outbox';
import { reconcileCommand } from './ppm/reconcile';
import { requestCommand } from './ppm/request';
import { webhooksListCommand, webhooksReplayCommand } from './ppm/webhooks';

runCli(
  'ppm',
  [
    requestCommand,
    dlqListCommand,
    dlqReplayCommand,
    webhooksListCommand,
    webhooksReplayCommand,
    jobRunsCommand,
    jobRunCommand,
    outboxParkedCommand,
    outboxRequeueCommand,
    tokenCommand,
    apiKeyCommand,
    reconcileCommand,
  ],
  process.argv.slice(2),
);
