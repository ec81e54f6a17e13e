import { useState, type FormEvent, type ReactNode } from 'react';
import type { GatewayConfigView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';
import { ModalDialog } from '../ui/modal-dialog';
import { CREDENTIAL_FIELDS, CredentialFields } from './credential-fields';

const METHODS = ['E_WALLET', 'ATM_CARD', 'INTERNATIONAL_CARD', 'QR_CODE', 'BANK_TRANSFER'];
const PATH = '/api/v1/ppm/gateways/configurations';

/**
 * Adds a configuration (with its credentials), edits one (without them), or replaces only its secret. The
 * credentials live in this form's state alone, gone when it closes.
 */
export function GatewayConfigForm({
  mode,
  config,
  onDone,
  onClose,
}: {
  mode: 'add' | 'edit' | 'secret';
  config?: GatewayConfigView;
  onDone: () => void;
  onClose: () => void;
}): ReactNode {
  const { t } = useI18n();
  const { api } = useConsole();
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const [gatewayType, setGatewayType] = useState(config?.gatewayType ?? 'MOMO');
  const [name, setName] = useState(config?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(config?.baseUrl ?? '');
  const [methods, setMethods] = useState<string[]>(config?.supportedPaymentMethods ?? ['E_WALLET']);
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const title =
    mode === 'add'
      ? t('addConfig')
      : t(mode === 'edit' ? 'editConfig' : 'replaceSecretTitle', { name: config?.name ?? '' });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(undefined);
    const fields = { name, supportedPaymentMethods: methods, ...(baseUrl ? { baseUrl } : {}) };
    try {
      if (mode === 'add') {
        await api.send('POST', PATH, { gatewayType, credentials, ...fields }, idempotencyKey);
      } else if (config !== undefined) {
        await api.send('PUT', `${PATH}/${config.id}`, mode === 'edit' ? fields : { credentials });
      }
      onDone();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <ModalDialog title={title} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} className="form">
        {mode === 'add' && (
          <label>
            {t('gatewayType')}
            <select
              value={gatewayType}
              onChange={(event) => {
                setGatewayType(event.target.value);
                setCredentials({});
              }}
            >
              {Object.keys(CREDENTIAL_FIELDS).map((type) => (
                <option key={type}>{type}</option>
              ))}
            </select>
          </label>
        )}
        {mode !== 'secret' && (
          <>
            <label>
              {t('configName')}
              <input name="name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              {t('baseUrl')}
              <input name="baseUrl" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
            </label>
            <fieldset>
              <legend>{t('methods')}</legend>
              {METHODS.map((method) => (
                <label key={method} className="inline">
                  <input
                    type="checkbox"
                    checked={methods.includes(method)}
                    onChange={(event) =>
                      setMethods(event.target.checked ? [...methods, method] : methods.filter((m) => m !== method))
                    }
                  />{' '}
                  {method}
                </label>
              ))}
            </fieldset>
          </>
        )}
        {mode !== 'edit' && (
          <>
            <p className="muted">{t('credentialsWriteOnly')}</p>
            <CredentialFields gatewayType={gatewayType} values={credentials} onChange={setCredentials} />
          </>
        )}
        {error !== undefined && <ErrorNotice error={error} />}
        <div className="actions">
          <button type="submit">{t('save')}</button>
        </div>
      </form>
    </ModalDialog>
  );
}
