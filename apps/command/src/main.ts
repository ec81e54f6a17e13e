import './instrument';
import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { CommandConfig } from './command.config';
import { startCommand } from './start-command';

runMain('command', () => startCommand(loadConfig(CommandConfig)));
