import { useState, type ReactNode } from 'react';
import type { ReconciliationItemView, ReconciliationView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../routing/router';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { ErrorNotice } from '../ui/error-notice';
import { Pager } from '../ui/pager';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';
import { ResolveDialog } from './resolve-dialog';

/** One run: its mismatches by kind, each resolvable with a note, and the CSV of them. */
export function ReconciliationPage({ id }: { id: string }): ReactNode {
  const { t, money } = useI18n();
  const { api, abilities } = useConsole();
  const [outcome, setOutcome] = useState<string>();
  const [cursor, setCursor] = useState<string | undefined>();
  const [resolving, setResolving] = useState<ReconciliationItemView>();
  const [downloadError, setDownloadError] = useState<unknown>();
  const path = `/api/v1/ppm/reconciliations/${id}`;
  const run = useLoad(
    () => api.get<ReconciliationView>(path, { outcome, cursor, limit: 50 }),
    JSON.stringify({ outcome, cursor }),
  );
  const amount = (value: number | null, currency: string | null): string =>
    value === null ? '—' : currency === null ? String(value) : money(value, currency);
  const download = (): void => {
    setDownloadError(undefined);
    api.download(`${path}/mismatches.csv`, `reconciliation-${id}.csv`).catch(setDownloadError);
  };

  return (
    <>
      <p>
        <Link to="/reconciliations">← {t('navReconciliation')}</Link>
      </p>
      <AsyncView load={run} onRetry={run.reload}>
        {({ run: summary, items, nextCursor }) => (
          <>
            <h1>{t('runTitle', { date: summary.businessDate, gateway: summary.gatewayType })}</h1>
            <p>
              <StatusBadge status={summary.status} /> {t('colMatched')}: {summary.matched} · {t('colMismatched')}:{' '}
              {summary.mismatched}
            </p>
            <div className="actions">
              <button type="button" className="button-secondary" onClick={download}>
                {t('downloadCsv')}
              </button>
            </div>
            {downloadError !== undefined && <ErrorNotice error={downloadError} />}
            <h2>{t('mismatchesByKind')}</h2>
            <div className="chips" role="group" aria-label={t('mismatchesByKind')}>
              <button type="button" aria-pressed={outcome === undefined} onClick={() => setOutcome(undefined)}>
                {t('allKinds')}
              </button>
              {Object.entries(summary.outcomes)
                .filter(([kind]) => kind !== 'MATCHED')
                .map(([kind, count]) => (
                  <button key={kind} type="button" aria-pressed={outcome === kind} onClick={() => setOutcome(kind)}>
                    {kind} ({count})
                  </button>
                ))}
            </div>
            {items.length === 0 ? (
              <p className="muted">{t('empty')}</p>
            ) : (
              <DataTable
                caption={t('mismatchesByKind')}
                rows={items}
                rowKey={(row) => row.id}
                columns={[
                  { header: t('colLine'), cell: (row) => row.lineNumber ?? '—' },
                  { header: t('colOutcome'), cell: (row) => row.outcome },
                  { header: t('colReference'), cell: (row) => row.gatewayReference ?? '—' },
                  { header: t('colSettlement'), cell: (row) => amount(row.settlementAmount, row.currency) },
                  { header: t('colPpm'), cell: (row) => amount(row.ppmAmount, row.currency) },
                  {
                    header: t('colResolution'),
                    cell: (row) =>
                      row.resolutionStatus === 'RESOLVED' ? (
                        <span>
                          <StatusBadge status="RESOLVED" />{' '}
                          {t('resolvedBy', { who: row.resolvedBy ?? '—', note: row.resolutionNote ?? '' })}
                        </span>
                      ) : abilities.reconcile ? (
                        <button type="button" onClick={() => setResolving(row)}>
                          {t('resolveButton')}
                        </button>
                      ) : (
                        <StatusBadge status="OPEN" />
                      ),
                  },
                ]}
              />
            )}
            <Pager cursor={cursor} nextCursor={nextCursor} onPage={setCursor} />
          </>
        )}
      </AsyncView>
      {resolving !== undefined && (
        <ResolveDialog
          runId={id}
          item={resolving}
          onClose={() => setResolving(undefined)}
          onDone={() => {
            setResolving(undefined);
            run.reload();
          }}
        />
      )}
    </>
  );
}
