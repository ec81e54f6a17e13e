import { IsInt } from 'class-validator';
import { CommaSeparated, commaSeparatedItems } from './comma-separated';
import { loadConfig } from './load-config';

class ListConfig {
  @CommaSeparated()
  NAMES: string[] = ['default'];

  @CommaSeparated((item) => Number(item))
  @IsInt({ each: true })
  DELAYS: number[] = [];
}

describe('comma-separated settings', () => {
  it('splits on commas, trims items and drops empty ones', () => {
    expect(commaSeparatedItems(' a, b ,,c ,')).toEqual(['a', 'b', 'c']);
    expect(commaSeparatedItems(' , ')).toEqual([]);
  });

  it('reads an environment variable as a list, each item converted, and keeps the default when unset', () => {
    const config = loadConfig(ListConfig, { NODE_ENV: 'test', NAMES: 'x, y', DELAYS: '10,20' });
    expect(config).toMatchObject({ NAMES: ['x', 'y'], DELAYS: [10, 20] });
    expect(loadConfig(ListConfig, { NODE_ENV: 'test' }).NAMES).toEqual(['default']);
    expect(() => loadConfig(ListConfig, { NODE_ENV: 'test', DELAYS: '10,soon' })).toThrow(/DELAYS/);
  });
});
