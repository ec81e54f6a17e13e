import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_HEADER } from '../auth/access.guard';
import { API_KEY_SCHEME, BEARER_SCHEME } from '../http/route-access.decorators';
import { withMerchantWebhooks } from './merchant-webhooks-openapi';

export const DOCS_PATH = 'api/docs';
export const DOCS_JSON_PATH = 'api/docs/json';

/**
 * Builds the OpenAPI 3 document from the API module's controllers and DTOs (not the probes and metrics of the
 * observability module) with the merchant webhooks PPM sends, and serves it (UI and JSON).
 */
export function setupOpenApi(app: NestFastifyApplication, apiModule: Type): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('PPM — Payment Processing Management')
    .setDescription(
      'Admin routes (`/api/v1/ppm`) take a bearer JWT with the tenant and roles; internal routes (`/api/v1/internal`) ' +
        'take an API key. Every response carries `x-request-id`; errors are `{ success: false, error: { code, ' +
        'message, details } }`.',
    )
    .setOpenAPIVersion('3.1.0')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
    .addApiKey({ type: 'apiKey', in: 'header', name: API_KEY_HEADER }, API_KEY_SCHEME)
    .build();
  const document = withMerchantWebhooks(SwaggerModule.createDocument(app, config, { include: [apiModule] }));
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: DOCS_JSON_PATH, raw: ['json'] });
  return document;
}
