// Imported first by main.ts: tracing must patch the drivers before anything loads them.
import { startTracing } from '@ppm/observability/tracing';

startTracing('query');
