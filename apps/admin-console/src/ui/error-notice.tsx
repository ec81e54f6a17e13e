import type { ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { useI18n } from '../i18n/i18n';

/** A failure as the contract gave it: its code and its message. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const { t } = useI18n();
  const code = error instanceof ApiError ? error.code : 'CONSOLE_ERROR';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="notice notice-error" role="alert">
      <strong>{t('errorTitle')}</strong> <code className="error-code">{code}</code>:{' '}
      <span className="error-message">{message}</span>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}
