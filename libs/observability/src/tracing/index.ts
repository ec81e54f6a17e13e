// A separate entry point: an app imports it before anything else, so that the drivers it traces are loaded after.
export { startTracing, tracingWanted } from './start-tracing';
