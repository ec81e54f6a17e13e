import { useEffect, useState, type ReactNode } from 'react';
import type { TransactionView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { Link } from '../routing/router';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { ErrorNotice } from '../ui/error-notice';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';
import { ConfirmActionDialog } from './confirm-action-dialog';
import { RefundDialog } from './refund-dialog';
import { refundableOf, timelineAmountOf } from './payment-amounts';
import { TransactionEvents } from './transaction-events';
import { VietQrCode } from './vietqr-code';

const REFUNDABLE_STATUSES = ['SUCCEEDED', 'PARTIALLY_REFUNDED'];
const CANCELLABLE_STATUSES = ['PENDING', 'PROCESSING'];
const UNSETTLED = ['PENDING', 'PROCESSING', 'REQUESTED'];
/** How often an unsettled payment or refund is read again, until the gateway's answer shows. */
const REFRESH_MS = 2_000;

/** One payment: status, amounts, attempts, refunds, timeline, events, and what the person may do with it. */
export function TransactionPage({ id }: { id: string }): ReactNode {
  const { t } = useI18n();
  const { api } = useConsole();
  const payment = useLoad(() => api.get<TransactionView>(`/api/v1/ppm/transactions/${id}`), id);
  // After an action the read model may answer the version from before it for a moment: read until it moves on.
  const [versionBeforeChange, setVersionBeforeChange] = useState<number>();
  const unsettled =
    payment.state === 'ready' &&
    (UNSETTLED.includes(payment.data.status) ||
      payment.data.refunds.some((r) => UNSETTLED.includes(r.status)) ||
      payment.data.version === versionBeforeChange);
  const { reload } = payment;
  const changed = (versionBefore: number): void => {
    setVersionBeforeChange(versionBefore);
    reload();
  };
  useEffect(() => {
    if (!unsettled) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [unsettled, reload]);

  return (
    <>
      <p>
        <Link to="/transactions">← {t('navTransactions')}</Link>
      </p>
      <AsyncView load={payment} onRetry={reload}>
        {(data) => <PaymentDetail payment={data} onChanged={() => changed(data.version)} />}
      </AsyncView>
    </>
  );
}

function PaymentDetail({ payment, onChanged }: { payment: TransactionView; onChanged: () => void }): ReactNode {
  const { t, money, time } = useI18n();
  const { api, abilities } = useConsole();
  const [dialog, setDialog] = useState<'refund' | 'cancel'>();
  const [syncState, setSyncState] = useState<{ error?: unknown; done?: boolean }>({});
  const refundable = refundableOf(payment);
  const { currency } = payment;
  const path = `/api/v1/ppm/transactions/${payment.id}`;
  const done = (): void => {
    setDialog(undefined);
    onChanged();
  };
  const sync = (): void => {
    setSyncState({});
    api.send('POST', `${path}/sync`, {}, crypto.randomUUID()).then(
      () => {
        setSyncState({ done: true });
        onChanged();
      },
      (error: unknown) => setSyncState({ error }),
    );
  };

  return (
    <>
      <h1>{t('paymentTitle', { order: payment.sourceTransactionId })}</h1>
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd>
          <StatusBadge status={payment.status} />
        </dd>
        <dt>{t('amount')}</dt>
        <dd>{money(payment.amount, currency)}</dd>
        <dt>{t('refunded')}</dt>
        <dd>{money(payment.refundedAmount, currency)}</dd>
        <dt>{t('refundable')}</dt>
        <dd>{money(REFUNDABLE_STATUSES.includes(payment.status) ? refundable : 0, currency)}</dd>
        <dt>{t('transactionId')}</dt>
        <dd>
          <code>{payment.id}</code>
        </dd>
        <dt>{t('colGateway')}</dt>
        <dd>{payment.gatewayType ?? '—'}</dd>
        <dt>{t('colReference')}</dt>
        <dd>{payment.gatewayReference ?? '—'}</dd>
        <dt>{t('gatewayTransactionId')}</dt>
        <dd>{payment.gatewayTransactionId ?? '—'}</dd>
        <dt>{t('method')}</dt>
        <dd>{payment.paymentMethodType}</dd>
        <dt>{t('initiatedBy')}</dt>
        <dd>{payment.initiatedByUserId ?? '—'}</dd>
        <dt>{t('colCreated')}</dt>
        <dd>{time(payment.createdAt)}</dd>
        {payment.failureCode !== null && (
          <>
            <dt>{t('failure')}</dt>
            <dd>
              <code>{payment.failureCode}</code> {payment.failureReason}
            </dd>
          </>
        )}
      </dl>

      {payment.qrPayload !== undefined && (
        <VietQrCode payload={payment.qrPayload} paymentCode={payment.gatewayReference} />
      )}

      {abilities.moveMoney && (
        <div className="actions">
          {REFUNDABLE_STATUSES.includes(payment.status) && refundable > 0 && (
            <button type="button" className="button-danger" onClick={() => setDialog('refund')}>
              {t('refundButton')}
            </button>
          )}
          {CANCELLABLE_STATUSES.includes(payment.status) && (
            <button type="button" className="button-danger" onClick={() => setDialog('cancel')}>
              {t('cancelButton')}
            </button>
          )}
          <button type="button" className="button-secondary" onClick={sync}>
            {t('syncButton')}
          </button>
        </div>
      )}
      {syncState.done && (
        <p className="notice" role="status">
          {t('synced')}
        </p>
      )}
      {syncState.error !== undefined && <ErrorNotice error={syncState.error} />}
      {dialog === 'refund' && (
        <RefundDialog payment={payment} refundable={refundable} onDone={done} onClose={() => setDialog(undefined)} />
      )}
      {dialog === 'cancel' && (
        <ConfirmActionDialog
          title={t('cancelTitle', { order: payment.sourceTransactionId })}
          question={t('cancelConfirm')}
          confirmLabel={t('cancelSubmit')}
          act={(key) => api.send('POST', `${path}/cancel`, {}, key)}
          onDone={done}
          onClose={() => setDialog(undefined)}
        />
      )}

      <h2>{t('timeline')}</h2>
      <ol className="timeline">
        {payment.timeline.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            <StatusBadge status={entry.status} /> <span>{entry.cause}</span>{' '}
            {timelineAmountOf(payment, entry) !== undefined && (
              <strong>{money(timelineAmountOf(payment, entry) ?? 0, currency)}</strong>
            )}{' '}
            <span className="muted">{time(entry.at)}</span>
          </li>
        ))}
      </ol>

      <h2>{t('refunds')}</h2>
      {payment.refunds.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <DataTable
          caption={t('refunds')}
          rows={payment.refunds}
          rowKey={(row) => row.id}
          columns={[
            { header: t('colAmount'), cell: (row) => money(row.amount, currency) },
            { header: t('colStatus'), cell: (row) => <StatusBadge status={row.status} /> },
            { header: t('colReason'), cell: (row) => row.reason ?? '—' },
            { header: t('colCreated'), cell: (row) => time(row.createdAt) },
          ]}
        />
      )}

      <h2>{t('attempts')}</h2>
      <DataTable
        caption={t('attempts')}
        rows={payment.attempts}
        rowKey={(row) => row.id}
        columns={[
          { header: t('colAttempt'), cell: (row) => row.attemptNumber },
          { header: t('colStatus'), cell: (row) => <StatusBadge status={row.status} /> },
          { header: t('failure'), cell: (row) => row.failureCode ?? '—' },
          { header: t('colCreated'), cell: (row) => time(row.createdAt) },
          { header: t('colCompleted'), cell: (row) => time(row.completedAt) },
        ]}
      />

      {abilities.readAudit && <TransactionEvents transactionId={payment.id} version={payment.timeline.length} />}
    </>
  );
}
