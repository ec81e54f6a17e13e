import './instrument';
import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { GatewayConfig } from './gateway.config';
import { startGateway } from './start-gateway';

runMain('gateway', () => startGateway(loadConfig(GatewayConfig)));
