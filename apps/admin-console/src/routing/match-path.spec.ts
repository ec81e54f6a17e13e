import { matchPath } from './match-path';

describe('the console’s paths', () => {
  it('matches a pattern and decodes its parameters', () => {
    expect(matchPath('/transactions/:id', '/transactions/abc%20d')).toEqual({ id: 'abc d' });
    expect(matchPath('/transactions/:id', '/transactions')).toBeUndefined();
    expect(matchPath('/reconciliations', '/transactions')).toBeUndefined();
  });
});
