import './instrument';
import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { WorkerConfig } from './worker.config';
import { startWorker } from './start-worker';

runMain('worker', () => startWorker(loadConfig(WorkerConfig)));
