import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { SandboxConfig } from './sandbox.config';
import { startSandbox } from './start-sandbox';

runMain('gateway-sandbox', () => startSandbox(loadConfig(SandboxConfig)));
