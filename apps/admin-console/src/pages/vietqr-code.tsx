import { toDataURL } from 'qrcode';
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { useLoad } from '../ui/use-load';
import { readVietQr } from './vietqr-reading';

/**
 * A VIETQR payment's code as its payer got it: the QR drawn here from the payload (a PNG data: URL, which the
 * console's policy allows for images), what the payload asks (bank, account, amount, content) and the payment code
 * the transfer must carry. A payload that fails its CRC shows an error instead of an image.
 */
export function VietQrCode({ payload, paymentCode }: { payload: string; paymentCode: string | null }): ReactNode {
  const { t, money } = useI18n();
  const titleId = useId();
  const reading = readVietQr(payload);
  const image = useLoad(
    () => (reading.ok ? toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }) : Promise.resolve('')),
    payload,
  );

  return (
    <section className="vietqr" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('qrTitle')}</h2>
      {!reading.ok ? (
        <div className="notice notice-error" role="alert">
          <strong>{t('qrInvalid')}</strong> <span className="error-message">{reading.reason}</span>
        </div>
      ) : (
        <div className="vietqr-body">
          <AsyncView load={image}>
            {(src) => <img className="vietqr-image" src={src} alt={t('qrAlt', { code: paymentCode ?? '—' })} />}
          </AsyncView>
          <dl className="facts">
            <dt>{t('qrPaymentCode')}</dt>
            <dd>
              <strong className="vietqr-code">{paymentCode ?? '—'}</strong>
            </dd>
            <dt>{t('qrBankBin')}</dt>
            <dd>{reading.bankBin}</dd>
            <dt>{t('qrAccount')}</dt>
            <dd>{reading.accountNumber}</dd>
            <dt>{t('qrAmount')}</dt>
            <dd>{reading.amount === null ? t('qrAnyAmount') : money(reading.amount, 'VND')}</dd>
            <dt>{t('qrPurpose')}</dt>
            <dd>{reading.purpose ?? '—'}</dd>
            <dt>{t('qrPayload')}</dt>
            <dd>
              <code className="vietqr-payload">{payload}</code>
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
