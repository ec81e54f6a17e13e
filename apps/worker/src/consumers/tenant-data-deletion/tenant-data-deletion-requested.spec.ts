import { readTenantDataDeletionRequested } from './tenant-data-deletion-requested';

describe('readTenantDataDeletionRequested', () => {
  const tenantId = '3f2b8a52-1c4d-4e6f-9a7b-0c1d2e3f4a5b';

  it('reads the tenant from data.tenantId, ignoring fields it does not know', () => {
    expect(
      readTenantDataDeletionRequested({ id: 'e-1', type: 'TenantDataDeletionRequested', data: { tenantId, why: 'x' } }),
    ).toEqual({ tenantId });
  });

  it("falls back to the envelope's tenantId, and lower-cases it", () => {
    expect(readTenantDataDeletionRequested({ id: 'e-1', tenantId: tenantId.toUpperCase(), data: {} })).toEqual({
      tenantId,
    });
  });

  it.each([
    ['no body', null],
    ['a string', 'tenant'],
    ['no tenant', { id: 'e-1', data: {} }],
    ['a tenant that is not a UUID', { id: 'e-1', data: { tenantId: 'acme' } }],
    ['a numeric tenant', { id: 'e-1', data: { tenantId: 42 } }],
  ])('refuses %s', (_case, body) => {
    expect(readTenantDataDeletionRequested(body)).toBeNull();
  });
});
