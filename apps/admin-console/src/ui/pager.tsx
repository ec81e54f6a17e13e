import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

/** Cursor paging: forward to the next page, or back to the first. */
export function Pager({
  cursor,
  nextCursor,
  onPage,
}: {
  cursor: string | undefined;
  nextCursor: string | null | undefined;
  onPage: (cursor: string | undefined) => void;
}): ReactNode {
  const { t } = useI18n();
  if (cursor === undefined && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={t('nextPage')}>
      {cursor !== undefined && (
        <button type="button" className="button-secondary" onClick={() => onPage(undefined)}>
          {t('firstPage')}
        </button>
      )}
      {nextCursor && (
        <button type="button" className="button-secondary" onClick={() => onPage(nextCursor)}>
          {t('nextPage')}
        </button>
      )}
    </nav>
  );
}
