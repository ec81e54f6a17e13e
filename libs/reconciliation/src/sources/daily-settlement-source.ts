import type { DataSource } from 'typeorm';
import type { GatewayUrlAllowlist } from '@ppm/gateways';
import { ReconciliationTargetError } from '../engine/reconciliation-target.error';
import { expandSourceTemplate, settlementSourceAt, type SettlementSource } from './settlement-source';

/** Where the daily settlement file of a configuration is fetched from when no file or URL is given. */
export interface DailySourceSettings {
  /** e.g. `{baseUrl}/sandbox/settlements/{gateway}/{merchantId}/{date}`; see `expandSourceTemplate`. */
  template: string;
  /** The gateway host of a configuration that names no base URL. */
  defaultBaseUrl: string;
  /** Where outbound calls may go: a `{baseUrl}` template only to the gateway's allowed hosts. */
  urls: GatewayUrlAllowlist;
}

/** The sandbox's daily export: what a configuration's file defaults to. */
export const DEFAULT_SOURCE_TEMPLATE = '{baseUrl}/sandbox/settlements/{gateway}/{merchantId}/{date}';

/**
 * The settlement file of one configuration and business day, from the configured template: an http(s) URL
 * (the gateway's or the sandbox's daily export) or a path in a drop directory. A URL built on the configuration's
 * base URL is fetched only from its gateway's allowed hosts (a stored base URL the allowlist no longer holds
 * fails the run); one the operator wrote out in full obeys the general outbound rules.
 */
export async function dailySettlementSource(
  dataSource: DataSource,
  configurationId: string,
  businessDate: string,
  settings: DailySourceSettings,
): Promise<SettlementSource> {
  const rows = await dataSource.query<{ gateway_type: string; merchant_id: string | null; base_url: string | null }[]>(
    `SELECT gateway_type, merchant_id, base_url FROM payment_gateway_configurations
      WHERE id::text = $1 AND deleted_at IS NULL`,
    [configurationId],
  );
  const row = rows[0];
  if (!row) {
    throw new ReconciliationTargetError(`no gateway configuration ${configurationId}`, 'GATEWAY_CONFIG_NOT_FOUND');
  }
  if (!row.merchant_id) throw new Error(`gateway configuration ${configurationId} names no merchant`);
  const guard = settings.template.startsWith('{baseUrl}')
    ? settings.urls.forGateway(row.gateway_type)
    : settings.urls.forOperatorUrls();
  return settlementSourceAt(
    expandSourceTemplate(settings.template, {
      gateway: row.gateway_type,
      merchantId: row.merchant_id,
      businessDate,
      configurationId,
      baseUrl: row.base_url ?? settings.defaultBaseUrl,
    }),
    guard,
  );
}
