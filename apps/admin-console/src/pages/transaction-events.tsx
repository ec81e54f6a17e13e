import type { ReactNode } from 'react';
import type { AuditRecordView, Page } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { useLoad } from '../ui/use-load';

/** The payment's events as the audit trail recorded them: who did what, when. */
export function TransactionEvents({ transactionId, version }: { transactionId: string; version: number }): ReactNode {
  const { t, time } = useI18n();
  const { api } = useConsole();
  const events = useLoad(
    () => api.get<Page<AuditRecordView>>('/api/v1/ppm/audit', { resourceId: transactionId, limit: 50 }),
    `${transactionId}@${version}`,
  );
  return (
    <>
      <h2>{t('events')}</h2>
      <AsyncView load={events} isEmpty={(page) => page.items.length === 0} onRetry={events.reload}>
        {(page) => (
          <DataTable
            caption={t('events')}
            rows={page.items}
            rowKey={(row) => row.id}
            columns={[
              { header: t('colAction'), cell: (row) => row.action },
              { header: t('colActor'), cell: (row) => `${row.actorType} ${row.actorId ?? ''}` },
              { header: t('colAt'), cell: (row) => time(row.createdAt) },
            ]}
          />
        )}
      </AsyncView>
    </>
  );
}
