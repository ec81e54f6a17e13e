import { natsAuthOptions, natsCredentialsFromEnv } from './nats-credentials';

describe('NATS credentials', () => {
  it('presents a user and password, or the creds file instead when one is named', () => {
    expect(natsAuthOptions({ user: 'ppm-command', password: 'secret' })).toEqual({
      user: 'ppm-command',
      pass: 'secret',
    });
    const withFile = natsAuthOptions({ user: 'ppm-command', password: 'secret', credsFile: '/run/ppm.creds' });
    expect(withFile.user).toBeUndefined();
    expect(withFile.authenticator).toEqual(expect.any(Function));
  });

  it("gives a tool the environment's identity, else the role's development user", () => {
    expect(natsCredentialsFromEnv('caller', {})).toEqual({
      user: 'ppm-caller',
      password: 'ppm-caller-dev',
      credsFile: undefined,
    });
    expect(natsCredentialsFromEnv('worker', { NATS_USER: 'ops', NATS_PASSWORD: 'p' })).toMatchObject({
      user: 'ops',
      password: 'p',
    });
  });
});
