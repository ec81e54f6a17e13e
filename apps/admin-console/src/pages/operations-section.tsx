import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { recordsOf, type ApiRecord } from '../ui/record-fields';
import { RecordTable } from '../ui/record-table';
import type { Load } from '../ui/use-load';

/** A button on each row of a section: its label and what it does with the row. */
export interface RowAction {
  label: string;
  run: (row: ApiRecord) => void;
}

/**
 * A titled table of what the service runs (gateway IPNs, dead-letter queues, jobs), each row with its actions;
 * `children` stand between the title and the table (a setting the actions read).
 */
export function OperationsSection({
  title,
  load,
  actions,
  children,
}: {
  title: string;
  load: Load<unknown> & { reload: () => void };
  actions: RowAction[];
  children?: ReactNode;
}): ReactNode {
  const { t } = useI18n();
  return (
    <>
      <h2>{title}</h2>
      {children}
      <AsyncView load={load} isEmpty={(data) => recordsOf(data).length === 0} onRetry={load.reload}>
        {(data) => (
          <RecordTable
            caption={title}
            rows={recordsOf(data)}
            actionsHeader={t('colActions')}
            actions={(row) => (
              <div className="row-actions">
                {actions.map((action) => (
                  <button key={action.label} type="button" className="button-secondary" onClick={() => action.run(row)}>
                    {action.label}
                  </button>
                ))}
              </div>
            )}
          />
        )}
      </AsyncView>
    </>
  );
}
