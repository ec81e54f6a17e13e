// The tools' option parser, in process (no I/O): `PPM_TEST_KIND=unit npx jest -c jest.preset.js tools/` (tools/ is no Nx project).
import { command } from './command';
import { commandListing, commandUsage, parseCommandLine } from './command-line';
import { UsageError } from './usage-error';

const list = command({
  name: 'things:list',
  summary: 'the latest things',
  synopsis: '<kind> [--limit N] [--json]',
  arguments: [{ name: 'kind', required: true }],
  options: {
    limit: { type: 'string', help: 'how many to show' },
    json: { type: 'boolean', help: 'print JSON instead of a table' },
  },
  run: () => Promise.resolve(),
});

const usageMistake = (argv: string[]): string => {
  try {
    parseCommandLine('ppm', list, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('the tools option parser', () => {
  it('reads --opt=value and --opt value alike, flags and positionals in any order', () => {
    const expected = { help: false, options: { limit: '5', json: true }, args: ['red'] };
    expect(parseCommandLine('ppm', list, ['red', '--limit=5', '--json'])).toEqual(expected);
    expect(parseCommandLine('ppm', list, ['--json', '--limit', '5', 'red'])).toEqual(expected);
  });

  it('answers --help and -h with the usage, whatever else is given', () => {
    expect(parseCommandLine('ppm', list, ['--help'])).toEqual({ help: true });
    expect(parseCommandLine('ppm', list, ['red', '-h'])).toEqual({ help: true });
    expect(commandUsage('ppm', list)).toMatch(
      /^usage: npm run ppm -- things:list <kind> \[--limit N\] \[--json\]\nthe latest things\n[\s\S]*--limit <value> +how many to show\n[\s\S]*--help, -h/,
    );
    expect(commandListing('ppm', [list])).toContain('things:list  the latest things');
  });

  it('refuses an unknown option, saying where the usage is', () => {
    expect(usageMistake(['red', '--tenant=00000000-0000-4000-8000-000000000009'])).toBe(
      "Unknown option '--tenant'.\nsee `npm run ppm -- things:list --help`",
    );
  });

  it('refuses an option without its value, a missing argument and an extra one', () => {
    expect(usageMistake(['red', '--limit'])).toMatch(/^Option '--limit <value>' argument missing\nsee `npm run ppm/);
    expect(usageMistake(['--limit', '--json', 'red'])).toMatch(/^Option '--limit' argument is ambiguous/);
    expect(usageMistake(['--json'])).toBe('things:list needs <kind>\nsee `npm run ppm -- things:list --help`');
    expect(usageMistake(['red', 'blue'])).toMatch(/^things:list does not take blue\n/);
  });
});
