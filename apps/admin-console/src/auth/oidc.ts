import { challengeOf, randomToken } from './pkce';

/** How the gateway says the console signs in (GET /admin/config.json). */
export type SignInConfig =
  | { kind: 'oidc'; issuer: string; clientId: string; scope: string }
  | { kind: 'development' }
  | { kind: 'unconfigured' };

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'ppm.console.oidc';
const redirectUri = (): string => `${location.origin}/admin/callback`;

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider's discovery answered ${response.status}`);
  return (await response.json()) as Discovery;
}

/**
 * Starts the authorization-code flow with PKCE: the verifier and state stay in this tab's sessionStorage, the
 * browser goes to the provider's authorization endpoint with the S256 challenge.
 */
export async function beginOidcSignIn(config: Extract<SignInConfig, { kind: 'oidc' }>): Promise<void> {
  const { authorization_endpoint } = await discover(config.issuer);
  const verifier = randomToken();
  const state = randomToken();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state,
    nonce: randomToken(),
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** Finishes the flow on /admin/callback: checks the state, trades the code and verifier for the access token. */
export async function completeOidcSignIn(
  config: Extract<SignInConfig, { kind: 'oidc' }>,
  query: URLSearchParams,
): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string } | null;
  sessionStorage.removeItem(PENDING);
  const error = query.get('error');
  if (error !== null) throw new Error(`The identity provider refused the sign-in: ${error}`);
  const code = query.get('code');
  if (pending === null || code === null || query.get('state') !== pending.state) {
    throw new Error('The sign-in answer does not belong to this tab: sign in again');
  }
  const { token_endpoint } = await discover(config.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!response.ok || body.access_token === undefined) {
    throw new Error(`The identity provider did not issue a token: ${body.error ?? response.status}`);
  }
  return body.access_token;
}
