import { beginOidcSignIn, completeOidcSignIn } from './oidc';
import { challengeOf } from './pkce';

const CONFIG = {
  kind: 'oidc',
  issuer: 'https://idp.example/realms/ppm',
  clientId: 'ppm-console',
  scope: 'openid',
} as const;
const DISCOVERY = {
  authorization_endpoint: 'https://idp.example/realms/ppm/auth',
  token_endpoint: 'https://idp.example/realms/ppm/token',
};
const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status });

describe('the OpenID Connect sign-in (authorization code with PKCE)', () => {
  const stored = new Map<string, string>();
  const assign = jest.fn<void, [string]>();
  const fetchMock = jest.spyOn(globalThis, 'fetch');

  beforeAll(() => {
    Object.assign(globalThis, {
      location: { origin: 'https://ppm.example', assign },
      sessionStorage: {
        getItem: (key: string) => stored.get(key) ?? null,
        setItem: (key: string, value: string) => stored.set(key, value),
        removeItem: (key: string) => stored.delete(key),
      },
    });
  });
  afterEach(() => fetchMock.mockReset());
  afterAll(() => fetchMock.mockRestore());

  it('sends the browser to the provider with an S256 challenge, then trades the code and verifier for the token', async () => {
    fetchMock.mockResolvedValueOnce(json(DISCOVERY));
    await beginOidcSignIn(CONFIG);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('https://idp.example/realms/ppm/.well-known/openid-configuration');
    const authorize = new URL(assign.mock.calls[0]?.[0] ?? '');
    const { verifier, state } = JSON.parse([...stored.values()][0] ?? '{}') as { verifier: string; state: string };
    expect(`${authorize.origin}${authorize.pathname}`).toBe(DISCOVERY.authorization_endpoint);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'ppm-console',
      redirect_uri: 'https://ppm.example/admin/callback',
      state,
      code_challenge: await challengeOf(verifier),
      code_challenge_method: 'S256',
    });

    fetchMock.mockResolvedValueOnce(json(DISCOVERY)).mockResolvedValueOnce(json({ access_token: 'the-token' }));
    const token = await completeOidcSignIn(CONFIG, new URLSearchParams({ code: 'the-code', state }));
    expect(token).toBe('the-token');
    const [url, init] = fetchMock.mock.calls[2] ?? [];
    expect(url).toBe(DISCOVERY.token_endpoint);
    expect(Object.fromEntries(init?.body as URLSearchParams)).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: 'https://ppm.example/admin/callback',
      client_id: 'ppm-console',
      code_verifier: verifier,
    });
  });

  it('refuses an answer whose state this tab did not send, without asking the provider', async () => {
    stored.set('ppm.console.oidc', JSON.stringify({ verifier: 'v', state: 'mine' }));
    await expect(completeOidcSignIn(CONFIG, new URLSearchParams({ code: 'stolen', state: 'theirs' }))).rejects.toThrow(
      /does not belong to this tab/,
    );
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
