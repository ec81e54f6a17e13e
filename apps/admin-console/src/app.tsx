import { useMemo, useState, type ReactNode } from 'react';
import { ApiClient } from './api/api-client';
import { ConsoleContext } from './auth/console-context';
import { completeOidcSignIn, type SignInConfig } from './auth/oidc';
import { abilitiesOf, sessionStore, type Session } from './auth/session';
import { useI18n } from './i18n/i18n';
import { SignInPage } from './pages/sign-in-page';
import { PageForPath } from './page-for-path';
import { Link, useRouter } from './routing/router';
import { AsyncView } from './ui/async-view';
import { useLoad } from './ui/use-load';
import type { Locale } from './format/money';

async function loadSignInConfig(): Promise<SignInConfig> {
  const response = await fetch('/admin/config.json');
  return ((await response.json()) as { signIn: SignInConfig }).signIn;
}

/** The console: sign-in until there is a session, then the pages of what the person's roles allow. */
export function App(): ReactNode {
  const config = useLoad(loadSignInConfig, 'config');
  const [session, setSession] = useState<Session | undefined>(() => sessionStore.load());
  const router = useRouter();
  const signIn = (token: string): void => {
    setSession(sessionStore.save(token));
    router.navigate('/transactions');
  };
  const signOut = (): void => {
    sessionStore.clear();
    setSession(undefined);
  };

  return (
    <AsyncView load={config}>
      {(signInConfig) =>
        session !== undefined ? (
          <SignedIn session={session} onSignOut={signOut} />
        ) : router.path === '/callback' && signInConfig.kind === 'oidc' ? (
          <OidcCallback config={signInConfig} onToken={signIn} />
        ) : (
          <SignInPage config={signInConfig} onToken={signIn} />
        )
      }
    </AsyncView>
  );
}

function OidcCallback({
  config,
  onToken,
}: {
  config: Extract<SignInConfig, { kind: 'oidc' }>;
  onToken: (token: string) => void;
}): ReactNode {
  const { query } = useRouter();
  const exchange = useLoad(() => completeOidcSignIn(config, query).then(onToken), 'callback');
  return (
    <main id="main">
      <AsyncView load={exchange}>{() => null}</AsyncView>
    </main>
  );
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: () => void }): ReactNode {
  const { t, locale, setLocale } = useI18n();
  const context = useMemo(
    () => ({ session, abilities: abilitiesOf(session.roles), api: new ApiClient(session.token, onSignOut) }),
    [session, onSignOut],
  );
  const { abilities } = context;
  return (
    <ConsoleContext.Provider value={context}>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">{t('appName')}</span>
        <nav aria-label={t('appName')}>
          <ul className="nav">
            <li>
              <Link to="/transactions">{t('navTransactions')}</Link>
            </li>
            <li>
              <Link to="/reconciliations">{t('navReconciliation')}</Link>
            </li>
            <li>
              <Link to="/gateways">{t('navGateways')}</Link>
            </li>
            {abilities.operate && (
              <li>
                <Link to="/operations">{t('navOperations')}</Link>
              </li>
            )}
            {abilities.readAudit && (
              <li>
                <Link to="/audit">{t('navAudit')}</Link>
              </li>
            )}
            {abilities.readAudit && (
              <li>
                <Link to="/webhooks">{t('navWebhooks')}</Link>
              </li>
            )}
            {abilities.readBankTransfers && (
              <li>
                <Link to="/transfers">{t('navTransfers')}</Link>
              </li>
            )}
          </ul>
        </nav>
        <div className="session">
          <label>
            {t('language')}{' '}
            <select value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </select>
          </label>
          <span className="muted">
            {t('signedInAs', { subject: session.subject, roles: session.roles.join(', ') })}
          </span>
          <button type="button" className="button-secondary" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PageForPath />
        <p className="muted footnote">{t('timesIn')}</p>
      </main>
    </ConsoleContext.Provider>
  );
}
