import { abilitiesOf, sessionOf } from './session';

const tokenWith = (claims: Record<string, unknown>): string =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('the console session', () => {
  it('reads the subject, tenant, roles and expiry of a token', () => {
    const token = tokenWith({ sub: 'lan', tenantId: 't-1', roles: ['ppm.operator', 7], exp: 99 });
    expect(sessionOf(token)).toEqual({
      token,
      subject: 'lan',
      tenantId: 't-1',
      roles: ['ppm.operator'],
      expiresAt: 99,
    });
    expect(sessionOf(tokenWith({ sub: 'lan', roles: [] }))).toBeUndefined();
    expect(sessionOf('not-a-token')).toBeUndefined();
  });

  it('lets only operators move money, only admins change configurations, only platform operators run the cluster', () => {
    expect(abilitiesOf(['ppm.viewer'])).toEqual({
      moveMoney: false,
      reconcile: false,
      configure: false,
      readAudit: false,
      readBankTransfers: false,
      operate: false,
      runPlatform: false,
    });
    expect(abilitiesOf(['ppm.operator'])).toMatchObject({
      moveMoney: true,
      configure: false,
      readAudit: true,
      readBankTransfers: true,
      operate: true,
      runPlatform: false,
    });
    expect(abilitiesOf(['ppm.platform-operator'])).toMatchObject({ moveMoney: true, operate: true, runPlatform: true });
    expect(abilitiesOf(['ppm.admin'])).toMatchObject({
      moveMoney: false,
      configure: true,
      readAudit: true,
      readBankTransfers: true,
    });
  });
});
