import { useState, type FormEvent, type ReactNode } from 'react';
import type { ReconciliationItemView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';
import { ModalDialog } from '../ui/modal-dialog';

/** Marks a mismatch resolved with the note that says why (the resolver is the signed-in person). */
export function ResolveDialog({
  runId,
  item,
  onDone,
  onClose,
}: {
  runId: string;
  item: ReconciliationItemView;
  onDone: () => void;
  onClose: () => void;
}): ReactNode {
  const { t } = useI18n();
  const { api } = useConsole();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      await api.send('POST', `/api/v1/ppm/reconciliations/${runId}/items/${item.id}/resolve`, { note: note.trim() });
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <ModalDialog title={`${t('resolveTitle')}: ${item.outcome}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} className="form">
        <label>
          {t('resolveNote')}
          <textarea name="note" required maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        {error !== undefined && <ErrorNotice error={error} />}
        <div className="actions">
          <button type="submit">{t('resolveSubmit')}</button>
        </div>
      </form>
    </ModalDialog>
  );
}
