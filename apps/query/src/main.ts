import './instrument';
import 'reflect-metadata';
import { loadConfig, runMain } from '@ppm/observability';
import { QueryConfig } from './query.config';
import { startQuery } from './start-query';

runMain('query', () => startQuery(loadConfig(QueryConfig)));
