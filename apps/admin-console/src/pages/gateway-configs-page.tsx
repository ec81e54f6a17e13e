import { useState, type ReactNode } from 'react';
import type { GatewayConfigView } from '../api/views';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { DataTable } from '../ui/data-table';
import { ErrorNotice } from '../ui/error-notice';
import { useLoad } from '../ui/use-load';
import { GatewayConfigForm } from './gateway-config-form';

const PATH = '/api/v1/ppm/gateways/configurations';

/** The tenant's gateway configurations; admins add, edit, switch and re-key them. */
export function GatewayConfigsPage(): ReactNode {
  const { t } = useI18n();
  const { api, abilities } = useConsole();
  const configs = useLoad(() => api.get<{ items: GatewayConfigView[] }>(PATH), 'configs');
  const [form, setForm] = useState<{ mode: 'add' | 'edit' | 'secret'; config?: GatewayConfigView }>();
  const [error, setError] = useState<unknown>();
  const change = (config: GatewayConfigView, fields: { isActive?: boolean; isDefault?: boolean }): void => {
    setError(undefined);
    api.send('PUT', `${PATH}/${config.id}`, fields).then(configs.reload, setError);
  };
  const done = (): void => {
    setForm(undefined);
    configs.reload();
  };

  return (
    <>
      <h1>{t('gatewaysTitle')}</h1>
      {abilities.configure && (
        <div className="actions">
          <button type="button" onClick={() => setForm({ mode: 'add' })}>
            {t('addConfig')}
          </button>
        </div>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
      <AsyncView load={configs} isEmpty={(data) => data.items.length === 0} onRetry={configs.reload}>
        {(data) => (
          <DataTable
            caption={t('gatewaysTitle')}
            rows={data.items}
            rowKey={(row) => row.id}
            columns={[
              { header: t('colName'), cell: (row) => row.name },
              { header: t('colType'), cell: (row) => row.gatewayType },
              { header: t('colMerchant'), cell: (row) => row.merchantIdHint },
              { header: t('colMethods'), cell: (row) => row.supportedPaymentMethods.join(', ') },
              {
                header: t('colState'),
                cell: (row) =>
                  `${row.isActive ? t('active') : t('inactive')}${row.isDefault ? ` · ${t('isDefault')}` : ''}`,
              },
              ...(abilities.configure
                ? [
                    {
                      header: t('colActions'),
                      cell: (row: GatewayConfigView) => (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => setForm({ mode: 'edit', config: row })}
                          >
                            {t('editConfig', { name: '' }).trim()}
                          </button>
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => setForm({ mode: 'secret', config: row })}
                          >
                            {t('replaceSecret')}
                          </button>
                          <button
                            type="button"
                            className="button-secondary"
                            onClick={() => change(row, { isActive: !row.isActive })}
                          >
                            {row.isActive ? t('deactivate') : t('activate')}
                          </button>
                          {!row.isDefault && (
                            <button
                              type="button"
                              className="button-secondary"
                              onClick={() => change(row, { isDefault: true })}
                            >
                              {t('makeDefault')}
                            </button>
                          )}
                        </div>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </AsyncView>
      {form !== undefined && (
        <GatewayConfigForm mode={form.mode} config={form.config} onDone={done} onClose={() => setForm(undefined)} />
      )}
    </>
  );
}
