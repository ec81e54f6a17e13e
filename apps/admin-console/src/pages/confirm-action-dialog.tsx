import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';
import { ModalDialog } from '../ui/modal-dialog';

/**
 * Asks before an action that cannot be undone, and runs it with one idempotency key for the dialog's life: a
 * second click or a retry after a lost answer acts once.
 */
export function ConfirmActionDialog({
  title,
  question,
  confirmLabel,
  act,
  onDone,
  onClose,
}: {
  title: string;
  question: string;
  confirmLabel: string;
  act: (idempotencyKey: string) => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
}): ReactNode {
  const { t } = useI18n();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await act(idempotencyKey);
      onDone();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <ModalDialog title={title} onClose={onClose}>
      <p>{question}</p>
      {error !== undefined && <ErrorNotice error={error} />}
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onClose} disabled={busy}>
          {t('cancel')}
        </button>
        <button type="button" className="button-danger" onClick={() => void confirm()} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
