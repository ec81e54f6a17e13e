type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether the standard OpenTelemetry variables ask for traces: an OTLP endpoint, or `OTEL_TRACES_EXPORTER=otlp`.
 * Tracing is off by default, and `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn it off.
 */
export function tracingWanted(env: Env = process.env): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true') return false;
  const exporter = env['OTEL_TRACES_EXPORTER'];
  if (exporter !== undefined) return exporter.split(',').some((name) => name.trim() === 'otlp');
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}

/**
 * Starts OpenTelemetry tracing for `service` when the environment asks for it (see `tracingWanted`): spans of HTTP
 * in and out, Postgres, Redis and RabbitMQ, exported over OTLP/HTTP as the standard `OTEL_*` variables configure
 * (endpoint, headers, sampler, batch delay, resource attributes). It must run before those drivers are loaded, so
 * each app imports it first. Returns a stop that flushes the spans still buffered.
 */
export function startTracing(service: string, env: Env = process.env): (() => Promise<void>) | undefined {
  if (!tracingWanted(env)) return undefined;
  // Loaded only when wanted: the SDK and its instrumentations cost every start of every process otherwise.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, on purpose
  const { startTracingSdk } = require('./tracing-sdk') as typeof import('./tracing-sdk');
  return startTracingSdk(service);
}
