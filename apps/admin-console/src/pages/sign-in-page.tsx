import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/api-error';
import { beginOidcSignIn, type SignInConfig } from '../auth/oidc';
import { useI18n } from '../i18n/i18n';
import { ErrorNotice } from '../ui/error-notice';

/** The tenant `npm run seed` creates: what a developer most often signs in to. */
const SEED_TENANT = '00000000-0000-4000-8000-000000000001';
const ROLES = ['ppm.viewer', 'ppm.operator', 'ppm.admin', 'ppm.platform-operator'] as const;

async function mintDevToken(role: string, tenantId: string): Promise<string> {
  const response = await fetch('/admin/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, tenantId }),
  });
  const body = (await response.json()) as {
    data?: { token: string };
    error?: { code: string; message: string };
  };
  if (!response.ok || body.data === undefined) {
    throw new ApiError(body.error?.code ?? `HTTP_${response.status}`, body.error?.message ?? '', response.status);
  }
  return body.data.token;
}

/** Sign-in: the identity provider in production, a role and tenant picker in development. */
export function SignInPage({ config, onToken }: { config: SignInConfig; onToken: (token: string) => void }): ReactNode {
  const { t } = useI18n();
  const [role, setRole] = useState<string>('ppm.operator');
  const [tenantId, setTenantId] = useState(SEED_TENANT);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (config.kind === 'oidc') await beginOidcSignIn(config);
      else onToken(await mintDevToken(role, tenantId.trim()));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>{t('appName')}</h1>
      <h2>{t('signInTitle')}</h2>
      {config.kind === 'unconfigured' ? (
        <p>{t('signInUnconfigured')}</p>
      ) : (
        <form onSubmit={(event) => void submit(event)} className="form">
          {config.kind === 'development' && (
            <>
              <p>{t('signInDevelopment')}</p>
              <label>
                {t('role')}
                <select name="role" value={role} onChange={(event) => setRole(event.target.value)}>
                  {ROLES.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('tenant')}
                <input name="tenantId" value={tenantId} onChange={(event) => setTenantId(event.target.value)} />
              </label>
            </>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t('signingIn') : config.kind === 'oidc' ? t('signInOidc') : t('signInButton')}
          </button>
        </form>
      )}
      {error !== undefined && <ErrorNotice error={error} />}
    </main>
  );
}
