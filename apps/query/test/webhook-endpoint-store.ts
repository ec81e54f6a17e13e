import type { DataSource } from 'typeorm';
import { CredentialCipher, OutboxWriter, WebhookEndpointStore } from '@ppm/persistence';

/** The command side's endpoint store on a spec's database, to give the queries endpoints to read. */
export function webhookEndpointStore(sql: DataSource): WebhookEndpointStore {
  const cipher = CredentialCipher.fromKeyring(`k1:${Buffer.alloc(32, 7).toString('base64')}`);
  return new WebhookEndpointStore(sql, new OutboxWriter(), cipher);
}
