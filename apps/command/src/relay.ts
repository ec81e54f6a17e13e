// First, as in main.ts: tracing patches the drivers before anything loads them (the relay's publishes join the
// traces of the requests that wrote their events).
import './instrument';
import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { CommandConfig } from './command.config';
import { startRelay } from './relay/start-relay';

// `node dist/apps/command/relay.js`: the outbox relay off the event loop that serves commands, for a command
// service started with OUTBOX_RELAY=own-process.
runMain('command-relay', () => startRelay(loadConfig(CommandConfig)));
