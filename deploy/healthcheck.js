// The image's HEALTHCHECK: the app answers /health/live on its port (PORT, else the app's default port).
const DEFAULT_PORTS = { gateway: 3000, command: 3001, worker: 3002, query: 3003, 'gateway-sandbox': 3010 };
const port = process.env.PORT || DEFAULT_PORTS[process.env.APP];

fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) })
  .then((response) => process.exit(response.ok ? 0 : 1))
  .catch(() => process.exit(1));
