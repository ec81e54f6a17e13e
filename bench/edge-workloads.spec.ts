import { httpOutcome } from './edge-workloads';

describe('httpOutcome', () => {
  it('counts any 2xx as success', () => {
    expect(httpOutcome({ status: 200, text: '{"success":true}' })).toMatchObject({ ok: true });
    expect(httpOutcome({ status: 201, text: '' })).toMatchObject({ ok: true });
  });

  it("names a failure by the contract's error code, else by the status", () => {
    const refused = '{"success":false,"error":{"code":"RATE_LIMITED","message":"slow down"}}';
    expect(httpOutcome({ status: 429, text: refused })).toEqual({ ok: false, error: 'RATE_LIMITED' });
    expect(httpOutcome({ status: 502, text: '<html>bad gateway</html>' })).toEqual({ ok: false, error: 'HTTP 502' });
    expect(httpOutcome({ status: 500, text: '{"success":false}' })).toEqual({ ok: false, error: 'HTTP 500' });
  });
});
