import helmet from '@fastify/helmet';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startService } from '@ppm/observability';
import { API_KEY_HEADER } from './auth/access.guard';
import { TENANT_HEADER } from './auth/api-key-registry';
import { adminConsolePlugin } from './console/admin-console.plugin';
import { consoleSettingsOf, type ConsoleSettings } from './console/console-settings';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { resolveGatewaySettings, type GatewaySettings } from './gateway-settings';
import { IDEMPOTENCY_HEADER } from './http/idempotency-key.decorator';
import { setupOpenApi } from './openapi/setup-openapi';

/** Starts the HTTP edge; a bad setting stops the boot naming the variable. */
export async function startGateway(config: GatewayConfig): Promise<INestApplication> {
  const settings = resolveGatewaySettings(config);
  return await startService(GatewayModule.forRoot(config, settings), {
    service: 'gateway',
    config,
    bodyLimit: config.BODY_LIMIT_BYTES,
    configure: (app) => configureHttpEdge(app, settings, consoleSettingsOf(config, settings.jwt)),
  });
}

async function configureHttpEdge(
  app: NestFastifyApplication,
  settings: GatewaySettings,
  consoleSettings: ConsoleSettings,
): Promise<void> {
  // Bodies are JSON only: anything else is 415 instead of a string the DTOs would misread.
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  // Helmet's defaults, with a CSP the docs UI (same-origin scripts, inline styles, data: images) works under.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // The docs are served over plain HTTP locally; upgrading their requests to HTTPS would break them.
        upgradeInsecureRequests: null,
      },
    },
  });
  app.enableCors({
    origin: settings.corsOrigins.length > 0 ? settings.corsOrigins : false,
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: [
      'authorization',
      'content-type',
      IDEMPOTENCY_HEADER,
      'x-request-id',
      API_KEY_HEADER,
      TENANT_HEADER,
    ],
    exposedHeaders: ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after'],
    maxAge: 600,
  });
  // The admin console, same origin as the API it calls: no CORS needed, and its own stricter policy.
  await app.register(adminConsolePlugin(consoleSettings));
  setupOpenApi(app, GatewayModule);
}
