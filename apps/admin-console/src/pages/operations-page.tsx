import { useState, type ReactNode } from 'react';
import { useConsole } from '../auth/console-context';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';
import { ModalDialog } from '../ui/modal-dialog';
import { fieldText, recordsOf, type ApiRecord } from '../ui/record-fields';
import { RecordTable } from '../ui/record-table';
import { useLoad } from '../ui/use-load';
import { OperationsSection } from './operations-section';

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

      <OperationsSection
        title={t('ipnsTitle')}
        load={ipns}
        actions={[
          { label: t('rawBody'), run: (row) => show(t('rawBody'), `${API}/gateway-ipns/${key(row, 'id')}`) },
          { label: t('replay'), run: (row) => act(`${API}/gateway-ipns/${key(row, 'id')}/replay`, {}, ipns.reload) },
        ]}
      />

      {platform && (
        <>
          <OperationsSection
            title={t('dlqTitle')}
            load={queues}
            actions={[
              {
                label: t('peek'),
                run: (row) => show(t('peek'), `${API}/dead-letter-queues/${key(row, 'queue', 'name')}/messages`),
              },
              {
                label: t('replay'),
                run: (row) =>
                  act(`${API}/dead-letter-queues/${key(row, 'queue', 'name')}/replay`, { limit }, queues.reload),
              },
            ]}
          >
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
          </OperationsSection>

          <OperationsSection
            title={t('jobsTitle')}
            load={jobs}
            actions={[
              {
                label: t('runs'),
                run: (row) => show(t('runs'), `${API}/jobs/runs`, { job: decodeURIComponent(key(row, 'job', 'name')) }),
              },
              { label: t('runNow'), run: (row) => act(`${API}/jobs/${key(row, 'job', 'name')}/run`, {}, jobs.reload) },
            ]}
          />
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
