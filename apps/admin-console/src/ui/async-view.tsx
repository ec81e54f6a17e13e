import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from './error-notice';
import type { Load } from './use-load';

/** A read's loading, error and empty states, and its data once there. */
export function AsyncView<T>({
  load,
  isEmpty,
  onRetry,
  children,
}: {
  load: Load<T>;
  isEmpty?: (data: T) => boolean;
  onRetry?: () => void;
  children: (data: T) => ReactNode;
}): ReactNode {
  const { t } = useI18n();
  if (load.state === 'loading') {
    return (
      <p className="muted" role="status">
        {t('loading')}
      </p>
    );
  }
  if (load.state === 'error') return <ErrorNotice error={load.error} onRetry={onRetry} />;
  if (isEmpty?.(load.data)) return <p className="muted">{t('empty')}</p>;
  return children(load.data);
}
