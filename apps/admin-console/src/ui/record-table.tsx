import type { ReactNode } from 'react';
import { DataTable } from './data-table';
import { fieldText, type ApiRecord } from './record-fields';

/**
 * A table of records with the scalar fields of the first one as its columns, for the operator routes whose rows are
 * shown as the service describes them, and an optional action per row.
 */
export function RecordTable({
  caption,
  rows,
  actions,
  actionsHeader,
}: {
  caption: string;
  rows: ApiRecord[];
  actions?: (row: ApiRecord) => ReactNode;
  actionsHeader?: string;
}): ReactNode {
  const fields = Object.keys(rows[0] ?? {}).filter(
    (key) => typeof rows[0]?.[key] !== 'object' || rows[0]?.[key] === null,
  );
  return (
    <DataTable
      caption={caption}
      rows={rows}
      rowKey={(row) => JSON.stringify(row)}
      columns={[
        ...fields.slice(0, 7).map((field) => ({ header: field, cell: (row: ApiRecord) => fieldText(row[field]) })),
        ...(actions ? [{ header: actionsHeader ?? '', cell: actions }] : []),
      ]}
    />
  );
}
