import { ApiClient } from './api-client';
import { ApiError } from './api-error';

const answer = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('the console’s API client', () => {
  const fetchMock = jest.spyOn(globalThis, 'fetch');
  afterEach(() => fetchMock.mockReset());
  afterAll(() => fetchMock.mockRestore());

  it('sends the bearer token, leaves empty filters out and unwraps the envelope', async () => {
    fetchMock.mockResolvedValueOnce(answer(200, { success: true, data: { items: [1] } }));
    const api = new ApiClient('token-1', () => undefined);
    await expect(api.get('/api/v1/ppm/transactions', { status: '', limit: 5, cursor: undefined })).resolves.toEqual({
      items: [1],
    });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/ppm/transactions?limit=5');
    expect(init?.headers).toEqual({ authorization: 'Bearer token-1' });
  });

  it('passes the idempotency key of a change and fails with the contract’s code and message', async () => {
    fetchMock.mockResolvedValueOnce(
      answer(422, { success: false, error: { code: 'REFUND_EXCEEDS_REFUNDABLE', message: 'Only 100000 left' } }),
    );
    const api = new ApiClient('token-1', () => undefined);
    const refund = api.send('POST', '/api/v1/ppm/transactions/t/refund', { amount: 1 }, 'key-1');
    await expect(refund).rejects.toEqual(new ApiError('REFUND_EXCEEDS_REFUNDABLE', 'Only 100000 left', 422));
    expect(fetchMock.mock.calls[0][1]?.headers).toMatchObject({
      'idempotency-key': 'key-1',
      'content-type': 'application/json',
    });
  });

  it('ends the session when the gateway answers 401', async () => {
    fetchMock.mockResolvedValueOnce(answer(401, { success: false, error: { code: 'UNAUTHORIZED', message: 'x' } }));
    const signOut = jest.fn();
    await expect(new ApiClient('old', signOut).get('/api/v1/ppm/audit')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(signOut).toHaveBeenCalledTimes(1);
  });
});
