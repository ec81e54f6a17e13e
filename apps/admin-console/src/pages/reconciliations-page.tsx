import { useState, type ReactNode } from 'react';
import type { Page, ReconciliationRunSummary } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../routing/router';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { Pager } from '../ui/pager';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';
import { StartRunForm } from './start-run-form';

/** Reconciliation runs, newest business day first; operators start one here. */
export function ReconciliationsPage(): ReactNode {
  const { t, time } = useI18n();
  const { api, abilities } = useConsole();
  const [cursor, setCursor] = useState<string | undefined>();
  const runs = useLoad(
    () => api.get<Page<ReconciliationRunSummary>>('/api/v1/ppm/reconciliations', { limit: 20, cursor }),
    cursor ?? '',
  );
  return (
    <>
      <h1>{t('reconTitle')}</h1>
      {abilities.reconcile && <StartRunForm onStarted={runs.reload} />}
      <AsyncView load={runs} isEmpty={(page) => page.items.length === 0} onRetry={runs.reload}>
        {(page) => (
          <>
            <DataTable
              caption={t('reconTitle')}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                {
                  header: t('colDate'),
                  cell: (row) => <Link to={`/reconciliations/${row.id}`}>{row.businessDate}</Link>,
                },
                { header: t('colGateway'), cell: (row) => row.gatewayType },
                { header: t('colStatus'), cell: (row) => <StatusBadge status={row.status} /> },
                { header: t('colLines'), cell: (row) => row.totalLines },
                { header: t('colMatched'), cell: (row) => row.matched },
                { header: t('colMismatched'), cell: (row) => row.mismatched },
                { header: t('colCreated'), cell: (row) => time(row.startedAt) },
              ]}
            />
            <Pager cursor={cursor} nextCursor={page.nextCursor} onPage={setCursor} />
          </>
        )}
      </AsyncView>
    </>
  );
}
