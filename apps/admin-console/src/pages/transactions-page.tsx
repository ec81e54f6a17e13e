import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import type { ApiClient, Params } from '../api/api-client';
import type { Page, TransactionSummary } from '../api/views';
import { useConsole } from '../auth/console-context';
import { startOfVietnamDay } from '../format/time';
import { useI18n } from '../i18n/i18n';
import { Link, useRouter } from '../routing/router';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { ErrorNotice } from '../ui/error-notice';
import { Pager } from '../ui/pager';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';

const STATUSES = [
  'PENDING',
  'PROCESSING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
  'EXPIRED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
];
const GATEWAYS = ['VNPAY', 'MOMO', 'ZALOPAY', 'VIETQR'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PATH = '/api/v1/ppm/transactions';

interface Filters {
  status: string;
  gatewayType: string;
  from: string;
  to: string;
}

function filterParams(filters: Filters): Params {
  return {
    status: filters.status,
    gatewayType: filters.gatewayType,
    createdFrom: filters.from ? startOfVietnamDay(filters.from) : undefined,
    createdTo: filters.to ? startOfVietnamDay(filters.to) : undefined,
  };
}

/**
 * What the one search box may be: the caller's order id, the reference PPM sent the gateway, the gateway's own
 * number, or PPM's id. Each is a filter of its own, so the box asks all of them and shows every payment found once.
 */
async function search(api: ApiClient, text: string, filters: Filters): Promise<TransactionSummary[]> {
  const params = filterParams(filters);
  const lists = ['sourceTransactionId', 'gatewayReference', 'gatewayTransactionId'].map((field) =>
    api.get<Page<TransactionSummary>>(PATH, { ...params, [field]: text, limit: 50 }).then((page) => page.items),
  );
  const byId = UUID.test(text)
    ? api.get<TransactionSummary>(`${PATH}/${text}`).then(
        (one) => [one],
        (error: unknown) => {
          if (error instanceof ApiError && error.code === 'TRANSACTION_NOT_FOUND') return [];
          throw error;
        },
      )
    : Promise.resolve([]);
  const found = new Map<string, TransactionSummary>();
  for (const list of await Promise.all([byId, ...lists])) for (const item of list) found.set(item.id, item);
  return [...found.values()];
}

/** Support's starting point: find a payment by whatever the customer or the gateway calls it. */
export function TransactionsPage(): ReactNode {
  const { t, money, time } = useI18n();
  const { api } = useConsole();
  const { query, navigate } = useRouter();
  const text = query.get('q') ?? '';
  const [draft, setDraft] = useState(text);
  const [filters, setFilters] = useState<Filters>({ status: '', gatewayType: '', from: '', to: '' });
  const [cursor, setCursor] = useState<string | undefined>();
  const [exportError, setExportError] = useState<unknown>();

  const result = useLoad(
    async (): Promise<Page<TransactionSummary>> =>
      text
        ? { items: await search(api, text, filters), nextCursor: null }
        : api.get<Page<TransactionSummary>>(PATH, { ...filterParams(filters), limit: 20, cursor }),
    JSON.stringify({ text, filters, cursor }),
  );

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setCursor(undefined);
    navigate(draft.trim() ? `/transactions?q=${encodeURIComponent(draft.trim())}` : '/transactions');
  };
  const setFilter = (name: keyof Filters, value: string): void => {
    setCursor(undefined);
    setFilters({ ...filters, [name]: value });
  };
  const exportCsv = (): void => {
    setExportError(undefined);
    api.download(`${PATH}/export.csv`, 'transactions.csv', filterParams(filters)).catch(setExportError);
  };

  return (
    <>
      <h1>{t('searchTitle')}</h1>
      <form role="search" onSubmit={submit} className="search">
        <label className="grow">
          {t('searchLabel')}
          <input name="q" type="search" value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit">{t('searchButton')}</button>
      </form>
      <div className="filters">
        <label>
          {t('filterStatus')}
          <select value={filters.status} onChange={(event) => setFilter('status', event.target.value)}>
            <option value="">{t('any')}</option>
            {STATUSES.map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterGateway')}
          <select value={filters.gatewayType} onChange={(event) => setFilter('gatewayType', event.target.value)}>
            <option value="">{t('any')}</option>
            {GATEWAYS.map((gateway) => (
              <option key={gateway}>{gateway}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filterFrom')}
          <input type="date" value={filters.from} onChange={(event) => setFilter('from', event.target.value)} />
        </label>
        <label>
          {t('filterTo')}
          <input type="date" value={filters.to} onChange={(event) => setFilter('to', event.target.value)} />
        </label>
        <button type="button" className="button-secondary" onClick={exportCsv}>
          {t('exportCsv')}
        </button>
      </div>
      {exportError !== undefined && <ErrorNotice error={exportError} />}
      <AsyncView load={result} isEmpty={(page) => page.items.length === 0} onRetry={result.reload}>
        {(page) => (
          <>
            <DataTable
              caption={t('searchTitle')}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                {
                  header: t('colOrder'),
                  cell: (row) => <Link to={`/transactions/${row.id}`}>{row.sourceTransactionId}</Link>,
                },
                { header: t('colStatus'), cell: (row) => <StatusBadge status={row.status} /> },
                { header: t('colAmount'), cell: (row) => money(row.amount, row.currency) },
                { header: t('colRefunded'), cell: (row) => money(row.refundedAmount, row.currency) },
                { header: t('colGateway'), cell: (row) => row.gatewayType ?? '—' },
                { header: t('colReference'), cell: (row) => row.gatewayReference ?? '—' },
                { header: t('colCreated'), cell: (row) => time(row.createdAt) },
              ]}
            />
            <Pager cursor={cursor} nextCursor={page.nextCursor} onPage={setCursor} />
          </>
        )}
      </AsyncView>
    </>
  );
}
