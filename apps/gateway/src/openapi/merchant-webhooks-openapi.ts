import type { OpenAPIObject } from '@nestjs/swagger';
import { MERCHANT_WEBHOOK_EVENT_TYPES, type MerchantWebhookEventType } from '@ppm/contracts';
import { EXAMPLE_PAYMENT_DATA, EXAMPLE_REFUND_DATA, exampleMerchantWebhookEvent } from './merchant-webhook-examples';

type Schema = Record<string, unknown>;

const text = (description: string): Schema => ({ type: 'string', description });
const nullable = (type: string, description: string): Schema => ({ type: [type, 'null'], description });
const minorUnits = (description: string): Schema => ({ type: 'integer', description: `${description} (minor units)` });
const time = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const nullableTime = (description: string): Schema => ({ type: ['string', 'null'], format: 'date-time', description });

const PAYMENT_PROPERTIES: Record<keyof typeof EXAMPLE_PAYMENT_DATA, Schema> = {
  id: { type: 'string', format: 'uuid' },
  status: text(
    'PENDING, PENDING_REVIEW, PROCESSING, SUCCEEDED, FAILED, CANCELLED, EXPIRED, PARTIALLY_REFUNDED or REFUNDED',
  ),
  amount: minorUnits('The amount'),
  currency: text('ISO 4217'),
  paymentMethodType: text('How the customer pays'),
  gatewayType: nullable('string', 'VNPAY, MOMO or ZALOPAY'),
  gatewayReference: nullable('string', 'The order reference PPM gave the gateway'),
  gatewayTransactionId: nullable('string', 'The gateway’s own transaction id, once it reported one'),
  sourceBoundedContext: text('The system that asked for the payment'),
  sourceTransactionId: text('Its id of the payment (your order id)'),
  description: nullable('string', 'As given in the request'),
  customerRef: nullable('string', 'Your customer id, as given in the request'),
  refundedAmount: minorUnits('Sum of the succeeded refunds'),
  lateCapture: { type: 'boolean', description: 'Captured after PPM had failed, cancelled or expired the payment' },
  failureCode: nullable('string', 'Why it failed, as a stable code'),
  failureReason: nullable('string', 'Why it failed, in words'),
  metadata: { type: ['object', 'null'], description: 'As given in the request' },
  expiresAt: nullableTime('When an unpaid payment expires'),
  completedAt: nullableTime('When it reached its final status'),
  createdAt: time('When it was created'),
  updatedAt: time('When it last changed'),
  version: { type: 'integer', description: 'Grows with every change: keep the state with the highest version' },
};

const REFUND_PROPERTIES: Record<keyof typeof EXAMPLE_REFUND_DATA, Schema> = {
  id: { type: 'string', format: 'uuid' },
  transactionId: { type: 'string', format: 'uuid', description: 'The payment refunded' },
  amount: minorUnits('The amount refunded'),
  currency: text('ISO 4217'),
  status: text('REQUESTED, PROCESSING, SUCCEEDED or FAILED'),
  reason: nullable('string', 'As given in the request'),
  sourceRefundId: nullable('string', 'Your id of the refund'),
  gatewayRefundId: nullable('string', 'The gateway’s id of the refund'),
  refundDate: nullableTime('When the gateway returned the money'),
  failureReason: nullable('string', 'Why it failed, in words'),
  createdAt: time('When it was requested'),
  updatedAt: time('When it last changed'),
  paymentVersion: { type: 'integer', description: 'The payment’s version after this refund event' },
};

const objectOf = (properties: Record<string, Schema>): Schema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
});

/** The schemas a receiver validates deliveries against, under `components.schemas`. */
export const MERCHANT_WEBHOOK_SCHEMAS: Record<string, Schema> = {
  MerchantWebhookPayment: objectOf(PAYMENT_PROPERTIES),
  MerchantWebhookRefund: objectOf(REFUND_PROPERTIES),
  MerchantWebhookPing: objectOf({ endpointId: { type: 'string', format: 'uuid', description: 'The endpoint tested' } }),
};

function dataSchemaOf(type: MerchantWebhookEventType): string {
  if (type === 'ping') return 'MerchantWebhookPing';
  return type.startsWith('refund.') ? 'MerchantWebhookRefund' : 'MerchantWebhookPayment';
}

const HEADERS = [
  ['webhook-id', 'The event id: the same on every retry of a delivery; deduplicate by it'],
  ['webhook-timestamp', 'Unix seconds when the attempt left PPM; refuse one far from now'],
  [
    'webhook-signature',
    '`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` keyed with your secret; after a rotation two, ' +
      'space-separated, for 24 hours',
  ],
].map(([name, description]) => ({ name, in: 'header', required: true, description, schema: { type: 'string' } }));

function webhookOf(type: MerchantWebhookEventType): Schema {
  return {
    post: {
      summary: type === 'ping' ? 'A test delivery an operator asked for' : `PPM's ${type} event`,
      description:
        'Signed to the Standard Webhooks spec (verify the raw body before parsing it). Answer 2xx within 15 seconds; ' +
        'anything else is retried with backoff for about a day and a half. Deliveries may arrive out of order.',
      parameters: HEADERS,
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['id', 'type', 'createdAt', 'data'],
              properties: {
                id: { type: 'string', format: 'uuid', description: 'The event id, also `webhook-id`' },
                type: { type: 'string', const: type },
                createdAt: time('When the event happened'),
                data: { $ref: `#/components/schemas/${dataSchemaOf(type)}` },
              },
            },
            example: exampleMerchantWebhookEvent(type),
          },
        },
      },
      responses: { '2XX': { description: 'Received: PPM stops sending this delivery' } },
    },
  };
}

/**
 * The document with what PPM sends to merchants' endpoints as OpenAPI 3.1 top-level `webhooks`, one per event type
 * with its payload schema and an example. Nest's swagger module does not build `webhooks` from decorators, so they are
 * added to the built document before it is served.
 */
export function withMerchantWebhooks(document: OpenAPIObject): OpenAPIObject {
  const webhooks = Object.fromEntries(MERCHANT_WEBHOOK_EVENT_TYPES.map((type) => [type, webhookOf(type)]));
  return {
    ...document,
    components: { ...document.components, schemas: { ...document.components?.schemas, ...MERCHANT_WEBHOOK_SCHEMAS } },
    // Nest's typings describe 3.0 schemas; these use 3.1's (`type: [string, null]`, `const`).
    webhooks: webhooks as OpenAPIObject['webhooks'],
  };
}
