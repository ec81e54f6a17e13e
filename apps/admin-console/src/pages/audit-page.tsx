import { useState, type FormEvent, type ReactNode } from 'react';
import type { AuditRecordView, Page } from '../api/views';
import { useConsole } from '../auth/console-context';
import { startOfVietnamDay } from '../format/time';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { Pager } from '../ui/pager';
import { useLoad } from '../ui/use-load';

const EMPTY = { actorId: '', action: '', resourceType: '', resourceId: '', from: '', to: '' };
type Filters = typeof EMPTY;
const FIELDS: [keyof Filters, 'actorId' | 'action' | 'resourceType' | 'resourceId' | 'filterFrom' | 'filterTo'][] = [
  ['actorId', 'actorId'],
  ['action', 'action'],
  ['resourceType', 'resourceType'],
  ['resourceId', 'resourceId'],
  ['from', 'filterFrom'],
  ['to', 'filterTo'],
];

/** Who did what to which resource and when, filtered by actor, action, target and time. */
export function AuditPage(): ReactNode {
  const { t, time } = useI18n();
  const { api } = useConsole();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursor, setCursor] = useState<string | undefined>();
  const records = useLoad(
    () =>
      api.get<Page<AuditRecordView>>('/api/v1/ppm/audit', {
        actorId: filters.actorId,
        action: filters.action,
        resourceType: filters.resourceType,
        resourceId: filters.resourceId,
        from: filters.from ? startOfVietnamDay(filters.from) : undefined,
        to: filters.to ? startOfVietnamDay(filters.to) : undefined,
        limit: 50,
        cursor,
      }),
    JSON.stringify({ filters, cursor }),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setCursor(undefined);
    setFilters(draft);
  };

  return (
    <>
      <h1>{t('auditTitle')}</h1>
      <form onSubmit={submit} className="filters">
        {FIELDS.map(([field, label]) => (
          <label key={field}>
            {t(label)}
            <input
              type={field === 'from' || field === 'to' ? 'date' : 'text'}
              value={draft[field]}
              onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
            />
          </label>
        ))}
        <button type="submit">{t('filter')}</button>
      </form>
      <AsyncView load={records} isEmpty={(page) => page.items.length === 0} onRetry={records.reload}>
        {(page) => (
          <>
            <DataTable
              caption={t('auditTitle')}
              rows={page.items}
              rowKey={(row) => row.id}
              columns={[
                { header: t('colAt'), cell: (row) => time(row.createdAt) },
                { header: t('colActor'), cell: (row) => `${row.actorType} ${row.actorId ?? ''}` },
                { header: t('colAction'), cell: (row) => row.action },
                { header: t('colTarget'), cell: (row) => `${row.resourceType} ${row.resourceId ?? ''}` },
              ]}
            />
            <Pager cursor={cursor} nextCursor={page.nextCursor} onPage={setCursor} />
          </>
        )}
      </AsyncView>
    </>
  );
}
