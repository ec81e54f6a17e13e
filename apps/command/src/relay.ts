import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { CommandConfig } from './command.config';
import { startRelay } from './relay/start-relay';

// `node dist/apps/command/relay.js`: the outbox relay off the event loop that serves commands, for a command
// service started with OUTBOX_RELAY=own-process.
runMain('command-relay', () => startRelay(loadConfig(CommandConfig)));
