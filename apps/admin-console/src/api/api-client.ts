import { ApiError } from './api-error';

/** Query parameters; empty and undefined ones are left out. */
export type Params = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, params: Params = {}): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

/**
 * The gateway's admin API from the console: the bearer token on every call, the `{ success, data | error }`
 * envelope unwrapped, failures as ApiError with the contract's code. A 401 means the session is over.
 */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly onUnauthorized: () => void,
  ) {}

  get<T>(path: string, params?: Params): Promise<T> {
    return this.call<T>('GET', withQuery(path, params));
  }

  /** A change: `idempotencyKey` makes a repeated click or retry return the first reply instead of acting twice. */
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, idempotencyKey?: string): Promise<T> {
    return this.call<T>(method, path, body, idempotencyKey);
  }

  /** Downloads a CSV route as a file named `filename`. */
  async download(path: string, filename: string, params?: Params): Promise<void> {
    const response = await fetch(withQuery(path, params), { headers: this.headers() });
    if (!response.ok) throw await this.errorOf(response);
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.token}`, ...extra };
  }

  private async call<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: this.headers({
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await this.errorOf(response);
    const envelope = (await response.json()) as { data: T };
    return envelope.data;
  }

  private async errorOf(response: Response): Promise<ApiError> {
    if (response.status === 401) this.onUnauthorized();
    const body = (await response.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string } } | undefined;
    return new ApiError(
      body?.error?.code ?? `HTTP_${response.status}`,
      body?.error?.message ?? response.statusText,
      response.status,
    );
  }
}
