import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MERCHANT_WEBHOOK_EVENT_TYPES } from '@ppm/contracts';
import { requireServers, startForTest, type RunningService } from '@ppm/testing';
import { GatewayConfig } from '../gateway.config';
import { startGateway } from '../start-gateway';

interface Operation {
  security?: Record<string, unknown>[];
  responses: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

// Routes deliberately outside the API document: probes, metrics, diagnostics, the document itself and the console.
const UNDOCUMENTED = /^\/(health|metrics|admin)\b|^\/api\/docs\b|^\/api\/v1\/ppm\/system\//;

/** Every (method, path) the Fastify app registered, read from its route tree (`:id` written as `{id}`). */
function registeredRoutes(app: NestFastifyApplication): string[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const [, indent = '', segment = '', methods = ''] = match;
    const depth = indent.length / 4;
    stack[depth] = (depth > 0 ? (stack[depth - 1] ?? '') : '') + segment;
    const path = (stack[depth] ?? '').replace(/:(\w+)/g, '{$1}');
    for (const method of methods.split(', ')) {
      if (method !== 'HEAD' && method !== 'OPTIONS' && !UNDOCUMENTED.test(path)) routes.push(`${method} ${path}`);
    }
  }
  return routes.sort();
}

const errorCodesOf = (operation: Operation | undefined, status: number): unknown => {
  const schema = operation?.responses[String(status)]?.content?.['application/json']?.schema;
  return (schema?.properties?.['error'] as { properties: { code: { enum: string[] } } } | undefined)?.properties.code
    .enum;
};

describe('the OpenAPI document (contract test)', () => {
  let gateway: RunningService;
  let document: Document;

  beforeAll(async () => {
    await requireServers('nats', 'redis');
    gateway = await startForTest(GatewayConfig, startGateway);
    document = (await (await fetch(`${gateway.baseUrl}/api/docs/json`)).json()) as Document;
  });

  afterAll(() => gateway?.close());

  it('is a valid OpenAPI 3 document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ppm-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(document));
      // The validator is an ES module: its CLI runs it outside Jest's CommonJS runtime.
      const cli = require.resolve('@seriousme/openapi-schema-validator/bin/validate-api-cli.js');
      const { stdout } = await promisify(execFile)(process.execPath, [cli, file]).catch(
        (error: { stdout: string }) => error,
      );
      expect(JSON.parse(stdout)).toEqual({ valid: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(document.openapi).toMatch(/^3\./);
  });

  it('lists exactly the routes the app registered, so an undocumented route fails here', () => {
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    const registered = registeredRoutes(gateway.app as NestFastifyApplication);
    expect(registered).toHaveLength(45);
    expect(documented).toEqual(registered);
  });

  it('gives every route its security scheme and its error responses with their codes', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const scheme = path.startsWith('/api/v1/internal/') ? 'apiKey' : 'bearer';
        expect({ route, security: operation.security }).toEqual({ route, security: [{ [scheme]: [] }] });
        const badRequest = errorCodesOf(operation, 400) as string[] | undefined;
        expect({ route, 400: badRequest?.includes('VALIDATION_ERROR') }).toEqual({ route, 400: true });
        expect({ route, 401: errorCodesOf(operation, 401) }).toEqual({ route, 401: ['UNAUTHORIZED'] });
        expect({ route, 403: errorCodesOf(operation, 403) }).toEqual({ route, 403: ['FORBIDDEN'] });
        expect({ route, 429: errorCodesOf(operation, 429) }).toEqual({ route, 429: ['RATE_LIMITED'] });
        expect({ route, 500: errorCodesOf(operation, 500) }).toEqual({ route, 500: ['INTERNAL_ERROR'] });
      }
    }
    const getTransaction = document.paths['/api/v1/ppm/transactions/{id}']?.['get'];
    expect(errorCodesOf(getTransaction, 404)).toEqual(['TRANSACTION_NOT_FOUND']);
    const refunds = document.paths['/api/v1/ppm/transactions/{id}/refunds']?.['get'];
    expect(errorCodesOf(refunds, 404)).toEqual(['TRANSACTION_NOT_FOUND']);
    expect(errorCodesOf(document.paths['/api/v1/ppm/refunds/{id}']?.['get'], 404)).toEqual(['REFUND_NOT_FOUND']);
    const refund = document.paths['/api/v1/ppm/transactions/{id}/refund']?.['post'];
    expect(errorCodesOf(refund, 422)).toEqual(
      expect.arrayContaining(['REFUND_EXCEEDS_REFUNDABLE', 'IDEMPOTENCY_KEY_REUSED']),
    );
    const endpoint = document.paths['/api/v1/ppm/webhook-endpoints/{id}'];
    for (const method of ['get', 'put', 'delete']) {
      expect(errorCodesOf(endpoint?.[method], 404)).toEqual(['WEBHOOK_ENDPOINT_NOT_FOUND']);
    }
    const create = document.paths['/api/v1/ppm/webhook-endpoints']?.['post'];
    expect(errorCodesOf(create, 422)).toEqual(expect.arrayContaining(['WEBHOOK_ENDPOINT_LIMIT_REACHED']));
    const deliveries = document.paths['/api/v1/ppm/webhook-endpoints/{id}/deliveries']?.['get'];
    expect(errorCodesOf(deliveries, 404)).toEqual(['WEBHOOK_ENDPOINT_NOT_FOUND']);
    const delivery = document.paths['/api/v1/ppm/webhook-deliveries/{deliveryId}']?.['get'];
    expect(errorCodesOf(delivery, 404)).toEqual(['WEBHOOK_DELIVERY_NOT_FOUND']);
    const retry = document.paths['/api/v1/ppm/webhook-deliveries/{deliveryId}/retry']?.['post'];
    expect(errorCodesOf(retry, 422)).toEqual(expect.arrayContaining(['INVALID_STATE_TRANSITION']));
    for (const action of ['recover', 'test']) {
      const operation = document.paths[`/api/v1/ppm/webhook-endpoints/{id}/${action}`]?.['post'];
      expect(errorCodesOf(operation, 404)).toEqual(['WEBHOOK_ENDPOINT_NOT_FOUND']);
    }
  });

  it('describes request fields from the contract DTOs (types, enums, required)', () => {
    const schemas = (document as unknown as { components: { schemas: Record<string, Record<string, unknown>> } })
      .components.schemas;
    expect(schemas['RefundTransactionBodyDto']).toEqual({
      type: 'object',
      properties: {
        amount: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        reason: { type: 'string', minLength: 1, maxLength: 255 },
        sourceRefundId: { type: 'string', maxLength: 200 },
        manual: { type: 'boolean' },
      },
      required: ['amount', 'reason'],
    });
    const createBody = schemas['CreateWebhookEndpointBodyDto'] as {
      properties: Record<string, Record<string, unknown>>;
      required: string[];
    };
    expect(createBody.required).toEqual(['url']);
    expect(createBody.properties['url']).toMatchObject({ type: 'string', format: 'uri', maxLength: 2000 });
    const eventTypes = createBody.properties['eventTypes'] as { type: string; items: { enum: string[] } };
    expect(eventTypes.type).toBe('array');
    expect(eventTypes.items.enum).toContain('payment.succeeded');
    const list = document.paths['/api/v1/ppm/transactions']?.['get'] as unknown as {
      parameters: { name: string; in: string; schema: Record<string, unknown> }[];
    };
    expect(list.parameters.find((p) => p.name === 'status')?.schema['enum']).toContain('SUCCEEDED');
    expect(list.parameters.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', schema: { type: 'integer' } });
    // Support's searches, on the list and on its CSV export (which pages itself: no limit or cursor).
    const exported = document.paths['/api/v1/ppm/transactions/export.csv']?.['get'] as unknown as {
      parameters: { name: string }[];
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    for (const name of ['sourceTransactionId', 'gatewayReference', 'gatewayTransactionId', 'initiatedByUserId']) {
      expect(list.parameters.find((p) => p.name === name)).toMatchObject({ in: 'query', schema: { type: 'string' } });
      expect(exported.parameters.map((p) => p.name)).toContain(name);
    }
    expect(exported.parameters.map((p) => p.name)).not.toContain('cursor');
    expect(Object.keys(exported.responses['200']?.content ?? {})).toEqual(['text/csv']);
    const audit = document.paths['/api/v1/ppm/audit']?.['get'] as unknown as { parameters: { name: string }[] };
    expect(audit.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['actorId', 'action', 'resourceType', 'resourceId', 'from', 'to', 'cursor']),
    );
  });

  it('documents every merchant webhook event as an OpenAPI 3.1 webhook with its schema and an example', () => {
    interface Webhook {
      post: {
        parameters: { name: string; in: string }[];
        requestBody: {
          content: Record<string, { schema: { properties: { data: { $ref: string } } }; example: WebhookExample }>;
        };
      };
    }
    interface WebhookExample {
      type: string;
      data: Record<string, unknown>;
    }
    const served = document as unknown as {
      webhooks: Record<string, Webhook>;
      components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(served.webhooks).sort()).toEqual([...MERCHANT_WEBHOOK_EVENT_TYPES].sort());
    for (const [type, webhook] of Object.entries(served.webhooks)) {
      const body = webhook.post.requestBody.content['application/json'];
      const schema = served.components.schemas[body?.schema.properties.data.$ref.split('/').pop() ?? ''];
      expect({ type, headers: webhook.post.parameters.map((p) => `${p.in}:${p.name}`) }).toEqual({
        type,
        headers: ['header:webhook-id', 'header:webhook-timestamp', 'header:webhook-signature'],
      });
      expect(body?.example.type).toBe(type);
      // The example carries exactly the fields its schema lists, all of them required.
      expect({ type, fields: Object.keys(body?.example.data ?? {}).sort() }).toEqual({
        type,
        fields: Object.keys(schema?.properties ?? {}).sort(),
      });
      expect(schema?.required.sort()).toEqual(Object.keys(schema?.properties ?? {}).sort());
    }
  });

  it('serves the docs UI with scripts the Content-Security-Policy allows', async () => {
    const page = await fetch(`${gateway.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^https?:/);
      const script = await fetch(new URL(src, `${gateway.baseUrl}/api/docs/`));
      expect({ src, status: script.status, body: (await script.text()).length > 0 }).toEqual({
        src,
        status: 200,
        body: true,
      });
    }
  });
});
