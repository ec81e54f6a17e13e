import type { ReactNode } from 'react';
import type { Page, WebhookEndpointView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../routing/router';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { useLoad } from '../ui/use-load';

/** The tenant's merchant webhook endpoints; each opens to its deliveries. */
export function WebhookEndpointsPage(): ReactNode {
  const { t, time } = useI18n();
  const { api } = useConsole();
  const endpoints = useLoad(() => api.get<Page<WebhookEndpointView>>('/api/v1/ppm/webhook-endpoints'), 'endpoints');
  return (
    <>
      <h1>{t('webhooksTitle')}</h1>
      <AsyncView load={endpoints} isEmpty={(page) => page.items.length === 0} onRetry={endpoints.reload}>
        {(page) => (
          <DataTable
            caption={t('webhooksTitle')}
            rows={page.items}
            rowKey={(row) => row.id}
            columns={[
              { header: t('colUrl'), cell: (row) => <Link to={`/webhooks/${row.id}`}>{row.url}</Link> },
              { header: t('description'), cell: (row) => row.description ?? '—' },
              { header: t('colState'), cell: (row) => (row.enabled ? t('enabled') : t('disabled')) },
              { header: t('colCreated'), cell: (row) => time(row.createdAt) },
            ]}
          />
        )}
      </AsyncView>
    </>
  );
}
