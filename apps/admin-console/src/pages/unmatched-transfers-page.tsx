import { useState, type ReactNode } from 'react';
import type { Page, UnsettledTransferView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { Pager } from '../ui/pager';
import { StatusBadge } from '../ui/status-badge';
import { useLoad } from '../ui/use-load';

const REASONS = ['UNMATCHED', 'AMOUNT_MISMATCH'];

/**
 * The transfers into the tenant's VietQR accounts that settled no payment, newest first: content that names no
 * payment, or a payment's code with another amount. The gateway answers a viewer 403, which shows as its error.
 */
export function UnmatchedTransfersPage(): ReactNode {
  const { t, money, time } = useI18n();
  const { api } = useConsole();
  const [reason, setReason] = useState('');
  const [cursor, setCursor] = useState<string | undefined>();
  const transfers = useLoad(
    () => api.get<Page<UnsettledTransferView>>('/api/v1/ppm/vietqr/unsettled-transfers', { reason, limit: 50, cursor }),
    JSON.stringify({ reason, cursor }),
  );

  return (
    <>
      <h1>{t('transfersTitle')}</h1>
      <p className="muted">{t('transfersIntro')}</p>
      <div className="filters">
        <label>
          {t('transfersReason')}
          <select
            value={reason}
            onChange={(event) => {
              setCursor(undefined);
              setReason(event.target.value);
            }}
          >
            <option value="">{t('any')}</option>
            {REASONS.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
      </div>
      <AsyncView load={transfers} isEmpty={(page) => page.items.length === 0} onRetry={transfers.reload}>
        {(page) => (
          <>
            <DataTable
              caption={t('transfersTitle')}
              rows={page.items}
              rowKey={(row) => row.webhookId}
              columns={[
                { header: t('colReceived'), cell: (row) => time(row.receivedAt) },
                { header: t('colAmount'), cell: (row) => money(row.amount, 'VND') },
                { header: t('colContent'), cell: (row) => row.content },
                { header: t('colBankReference'), cell: (row) => row.bankReference ?? '—' },
                { header: t('colStatus'), cell: (row) => <StatusBadge status={row.reason} /> },
                { header: t('colPaymentCode'), cell: (row) => row.paymentCode ?? '—' },
                { header: t('colAccount'), cell: (row) => row.accountNumber },
              ]}
            />
            <Pager cursor={cursor} nextCursor={page.nextCursor} onPage={setCursor} />
          </>
        )}
      </AsyncView>
    </>
  );
}
