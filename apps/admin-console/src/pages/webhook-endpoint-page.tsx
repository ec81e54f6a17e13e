import { useState, type ReactNode } from 'react';
import type { Page, WebhookDeliveryView, WebhookEndpointView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../routing/router';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { ErrorNotice } from '../ui/error-notice';
import { Pager } from '../ui/pager';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';

/** One endpoint and its deliveries, newest first; a failed delivery can be sent again. */
export function WebhookEndpointPage({ id }: { id: string }): ReactNode {
  const { t, time } = useI18n();
  const { api } = useConsole();
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const endpoint = useLoad(() => api.get<WebhookEndpointView>(`/api/v1/ppm/webhook-endpoints/${id}`), id);
  const deliveries = useLoad(
    () => api.get<Page<WebhookDeliveryView>>(`/api/v1/ppm/webhook-endpoints/${id}/deliveries`, { cursor }),
    `${id}:${cursor ?? ''}`,
  );
  const retry = (delivery: WebhookDeliveryView): void => {
    setError(undefined);
    api
      .send('POST', `/api/v1/ppm/webhook-deliveries/${delivery.id}/retry`, {}, crypto.randomUUID())
      .then(deliveries.reload, setError);
  };
  return (
    <>
      <p>
        <Link to="/webhooks">← {t('navWebhooks')}</Link>
      </p>
      <AsyncView load={endpoint} onRetry={endpoint.reload}>
        {(data) => <h1>{data.url}</h1>}
      </AsyncView>
      <h2>{t('deliveries')}</h2>
      {error !== undefined && <ErrorNotice error={error} />}
      <AsyncView load={deliveries} isEmpty={(page) => page.items.length === 0} onRetry={deliveries.reload}>
        {(page) => (
          <>
            <DataTable
              caption={t('deliveries')}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { header: t('colEvent'), cell: (row) => row.eventType },
                { header: t('colStatus'), cell: (row) => <StatusBadge status={row.status} /> },
                { header: t('colAttempts'), cell: (row) => row.attemptCount },
                { header: t('colNext'), cell: (row) => time(row.nextAttemptAt) },
                { header: t('colCreated'), cell: (row) => time(row.createdAt) },
                {
                  header: t('colActions'),
                  cell: (row) =>
                    row.status === 'FAILED' ? (
                      <button type="button" className="button-secondary" onClick={() => retry(row)}>
                        {t('retryDelivery')}
                      </button>
                    ) : null,
                },
              ]}
            />
            <Pager cursor={cursor} nextCursor={page.nextCursor} onPage={setCursor} />
          </>
        )}
      </AsyncView>
    </>
  );
}
