import { useState, type ReactNode } from 'react';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { AsyncView } from '../ui/async-view';
import { ErrorNotice } from '../ui/error-notice';
import { ModalDialog } from '../ui/modal-dialog';
import { fieldText, recordsOf, type ApiRecord } from '../ui/record-fields';
import { RecordTable } from '../ui/record-table';
import { useLoad } from '../ui/use-load';

const API = '/api/v1/ppm';

/** What an operator's action answered: done, or the contract's error. */
type Outcome = { error?: unknown; done?: boolean };

/** Running the service: gateway IPNs to replay, dead letters to peek and replay, jobs to run now. */
export function OperationsPage(): ReactNode {
  const { t } = useI18n();
  const { api, abilities } = useConsole();
  // Dead letters and jobs span every tenant: a tenant's operator is refused them, so they are neither loaded nor shown.
  const platform = abilities.runPlatform;
  const [outcome, setOutcome] = useState<Outcome>({});
  const [shown, setShown] = useState<{ title: string; body: unknown }>();
  const ipns = useLoad(() => api.get<unknown>(`${API}/gateway-ipns`), 'ipns');
  const queues = useLoad(
    () => (platform ? api.get<unknown>(`${API}/dead-letter-queues`) : Promise.resolve(null)),
    'dlq',
  );
  const jobs = useLoad(() => (platform ? api.get<unknown>(`${API}/jobs`) : Promise.resolve(null)), 'jobs');
  const [limit, setLimit] = useState(10);

  const act = (path: string, body: unknown, then: () => void): void => {
    setOutcome({});
    api.send('POST', path, body, crypto.randomUUID()).then(
      () => {
        setOutcome({ done: true });
        then();
      },
      (error: unknown) => setOutcome({ error }),
    );
  };
  const show = (title: string, path: string, params?: Record<string, string>): void => {
    api.get<unknown>(path, params).then(
      (body) => setShown({ title, body }),
      (error: unknown) => setOutcome({ error }),
    );
  };
  const key = (row: ApiRecord, ...names: string[]): string =>
    encodeURIComponent(fieldText(names.map((name) => row[name]).find((value) => value !== undefined)));

  return (
    <>
      <h1>{t('operationsTitle')}</h1>
      {outcome.done && (
        <p className="notice" role="status">
          {t('done')}
        </p>
      )}
      {outcome.error !== undefined && <ErrorNotice error={outcome.error} />}

      <h2>{t('ipnsTitle')}</h2>
      <AsyncView load={ipns} isEmpty={(data) => recordsOf(data).length === 0} onRetry={ipns.reload}>
        {(data) => (
          <RecordTable
            caption={t('ipnsTitle')}
            rows={recordsOf(data)}
            actionsHeader={t('colActions')}
            actions={(row) => (
              <div className="row-actions">
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => show(t('rawBody'), `${API}/gateway-ipns/${key(row, 'id')}`)}
                >
                  {t('rawBody')}
                </button>
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => act(`${API}/gateway-ipns/${key(row, 'id')}/replay`, {}, ipns.reload)}
                >
                  {t('replay')}
                </button>
              </div>
            )}
          />
        )}
      </AsyncView>

      {platform && (
        <>
          <h2>{t('dlqTitle')}</h2>
          <label>
            {t('replayLimit')}{' '}
            <input
              type="number"
              min={1}
              max={1000}
              value={limit}
              onChange={(e) => setLimit(Number(e.target.value) || 1)}
            />
          </label>
          <AsyncView load={queues} isEmpty={(data) => recordsOf(data).length === 0} onRetry={queues.reload}>
            {(data) => (
              <RecordTable
                caption={t('dlqTitle')}
                rows={recordsOf(data)}
                actionsHeader={t('colActions')}
                actions={(row) => (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => show(t('peek'), `${API}/dead-letter-queues/${key(row, 'queue', 'name')}/messages`)}
                    >
                      {t('peek')}
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() =>
                        act(`${API}/dead-letter-queues/${key(row, 'queue', 'name')}/replay`, { limit }, queues.reload)
                      }
                    >
                      {t('replay')}
                    </button>
                  </div>
                )}
              />
            )}
          </AsyncView>

          <h2>{t('jobsTitle')}</h2>
          <AsyncView load={jobs} isEmpty={(data) => recordsOf(data).length === 0} onRetry={jobs.reload}>
            {(data) => (
              <RecordTable
                caption={t('jobsTitle')}
                rows={recordsOf(data)}
                actionsHeader={t('colActions')}
                actions={(row) => (
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() =>
                        show(t('runs'), `${API}/jobs/runs`, { job: decodeURIComponent(key(row, 'job', 'name')) })
                      }
                    >
                      {t('runs')}
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => act(`${API}/jobs/${key(row, 'job', 'name')}/run`, {}, jobs.reload)}
                    >
                      {t('runNow')}
                    </button>
                  </div>
                )}
              />
            )}
          </AsyncView>
        </>
      )}

      {shown !== undefined && (
        <ModalDialog title={shown.title} onClose={() => setShown(undefined)}>
          {recordsOf(shown.body).length > 0 ? (
            <RecordTable caption={shown.title} rows={recordsOf(shown.body)} />
          ) : (
            <pre className="raw">{JSON.stringify(shown.body, null, 2)}</pre>
          )}
        </ModalDialog>
      )}
    </>
  );
}
