import { useState, type FormEvent, type ReactNode } from 'react';
import type { TransactionView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { majorAmountText, parseMajorAmount } from '../format/money';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';
import { ModalDialog } from '../ui/modal-dialog';

/**
 * Refund in two steps, the amount prefilled with what is left to refund: fill in, then confirm what will happen.
 * The dialog's one idempotency key makes a double click or a retry after a lost answer refund once.
 */
export function RefundDialog({
  payment,
  refundable,
  onDone,
  onClose,
}: {
  payment: TransactionView;
  refundable: number;
  onDone: () => void;
  onClose: () => void;
}): ReactNode {
  const { t, money } = useI18n();
  const { api } = useConsole();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [amountText, setAmountText] = useState(majorAmountText(refundable, payment.currency));
  const [reason, setReason] = useState('');
  const [step, setStep] = useState<'fill' | 'confirm'>('fill');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const amount = parseMajorAmount(amountText, payment.currency);

  const review = (event: FormEvent): void => {
    event.preventDefault();
    if (amount === undefined || amount < 1 || amount > refundable) {
      setProblem(t('refundInvalidAmount', { amount: money(refundable, payment.currency) }));
    } else if (reason.trim() === '') setProblem(t('refundNeedsReason'));
    else {
      setProblem(undefined);
      setStep('confirm');
    }
  };
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await api.send(
        'POST',
        `/api/v1/ppm/transactions/${payment.id}/refund`,
        { amount, reason: reason.trim() },
        idempotencyKey,
      );
      onDone();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={t('refundTitle', { order: payment.sourceTransactionId })} onClose={onClose}>
      {step === 'fill' ? (
        <form onSubmit={review} className="form" noValidate>
          <label>
            {t('refundAmount', { currency: payment.currency })}
            <input
              name="amount"
              inputMode="decimal"
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
              aria-describedby="refundable-hint"
            />
          </label>
          <p id="refundable-hint" className="muted">
            {t('refundable')}: {money(refundable, payment.currency)}
          </p>
          <label>
            {t('refundReason')}
            <input name="reason" value={reason} maxLength={255} onChange={(event) => setReason(event.target.value)} />
          </label>
          {problem !== undefined && (
            <p className="notice notice-error" role="alert">
              {problem}
            </p>
          )}
          <div className="actions">
            <button type="submit">{t('refundReview')}</button>
          </div>
        </form>
      ) : (
        <div className="form">
          <p>
            {t('refundConfirm', {
              amount: money(amount ?? 0, payment.currency),
              total: money(payment.amount, payment.currency),
            })}
          </p>
          {error !== undefined && <ErrorNotice error={error} />}
          <div className="actions">
            <button type="button" className="button-secondary" onClick={() => setStep('fill')} disabled={busy}>
              {t('back')}
            </button>
            <button type="button" className="button-danger" onClick={() => void confirm()} disabled={busy}>
              {t('refundSubmit')}
            </button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
