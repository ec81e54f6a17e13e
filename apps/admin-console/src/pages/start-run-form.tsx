import { useState, type FormEvent, type ReactNode } from 'react';
import type { GatewayConfigView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';
import { useLoad } from '../ui/use-load';

/** Starts a run for a configuration and a business day, from an uploaded settlement file or the gateway's. */
export function StartRunForm({ onStarted }: { onStarted: () => void }): ReactNode {
  const { t } = useI18n();
  const { api } = useConsole();
  const configs = useLoad(
    () => api.get<{ items: GatewayConfigView[] }>('/api/v1/ppm/gateways/configurations'),
    'configs',
  );
  const [configId, setConfigId] = useState('');
  const [date, setDate] = useState('');
  const [file, setFile] = useState<File>();
  const [result, setResult] = useState<{ error?: unknown; started?: boolean }>({});

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setResult({});
    try {
      const settlementFile = file === undefined ? undefined : await file.text();
      await api.send(
        'POST',
        '/api/v1/ppm/reconciliations',
        { gatewayConfigId: configId, date, ...(settlementFile === undefined ? {} : { settlementFile }) },
        crypto.randomUUID(),
      );
      setResult({ started: true });
      onStarted();
    } catch (error) {
      setResult({ error });
    }
  };

  return (
    <details className="panel">
      <summary>{t('reconStart')}</summary>
      <form onSubmit={(event) => void submit(event)} className="form">
        <label>
          {t('reconConfig')}
          <select required value={configId} onChange={(event) => setConfigId(event.target.value)}>
            <option value="">—</option>
            {configs.state === 'ready' &&
              configs.data.items.map((config) => (
                <option key={config.id} value={config.id}>
                  {config.name} ({config.gatewayType})
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('reconDate')}
          <input type="date" required value={date} onChange={(event) => setDate(event.target.value)} />
        </label>
        <label>
          {t('reconFile')}
          <input type="file" onChange={(event) => setFile(event.target.files?.[0])} />
        </label>
        <div className="actions">
          <button type="submit">{t('reconStart')}</button>
        </div>
        {result.started && (
          <p className="notice" role="status">
            {t('reconStarted')}
          </p>
        )}
        {result.error !== undefined && <ErrorNotice error={result.error} />}
      </form>
    </details>
  );
}
