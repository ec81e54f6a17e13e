import { parseArgs } from 'node:util';
import type { Command, OptionSpecs, OptionValues } from './command';
import { UsageError } from './usage-error';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/** What a command line asked for: a command's usage, or its run with these options and arguments. */
export type Invocation = { help: true } | { help: false; options: OptionValues<OptionSpecs>; args: readonly string[] };

/**
 * Reads a command's arguments strictly: an unknown option, a missing value or a missing or extra argument is a
 * UsageError naming the way to the command's usage. `--opt value` and `--opt=value` are the same.
 */
export function parseCommandLine(program: string, cmd: Command, argv: readonly string[]): Invocation {
  const options = Object.fromEntries(Object.entries(cmd.options).map(([name, { type }]) => [name, { type }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, ...HELP }, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's first sentence says what is wrong; the rest is about `--`, which a mistyped option does not need.
    const [what = ''] = (error as Error).message.split(/(?<=\.) /);
    throw new UsageError(`${what}\n${seeUsage(program, cmd)}`);
  }
  const { help, ...values } = parsed.values;
  if (help === true) return { help: true };
  const specs = cmd.arguments ?? [];
  const missing = specs.filter((spec) => spec.required).slice(parsed.positionals.length);
  if (missing.length > 0) {
    throw new UsageError(
      `${cmd.name} needs ${missing.map((spec) => `<${spec.name}>`).join(' ')}\n${seeUsage(program, cmd)}`,
    );
  }
  if (parsed.positionals.length > specs.length) {
    const extra = parsed.positionals.slice(specs.length).join(' ');
    throw new UsageError(`${cmd.name} does not take ${extra}\n${seeUsage(program, cmd)}`);
  }
  return { help: false, options: values as OptionValues<OptionSpecs>, args: parsed.positionals };
}

/** The usage of one command: its synopsis, details and every option with what it is for. */
export function commandUsage(program: string, cmd: Command): string {
  const options = Object.entries(cmd.options).map(([name, spec]) => [
    `--${name}${spec.type === 'string' ? ' <value>' : ''}`,
    spec.help,
  ]);
  options.push(['--help, -h', 'print this usage']);
  const width = Math.max(...options.map(([flag]) => flag?.length ?? 0));
  return [
    `usage: ${invocationOf(program, cmd)} ${cmd.synopsis}`.trimEnd(),
    cmd.summary,
    ...(cmd.details === undefined ? [] : ['', cmd.details]),
    '',
    'options:',
    ...options.map(([flag = '', help = '']) => `  ${flag.padEnd(width)}  ${help}`),
  ].join('\n');
}

/** The listing of a CLI's commands, one line each. */
export function commandListing(program: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((cmd) => cmd.name.length));
  return [
    `usage: npm run ${program} -- <command> [options]   (\`<command> --help\` prints a command's usage)`,
    '',
    'commands:',
    ...commands.map((cmd) => `  ${cmd.name.padEnd(width)}  ${cmd.summary}`),
  ].join('\n');
}

/** Runs the command a command line names, or prints the listing (`--help`) or a command's usage. */
export function runCli(program: string, commands: readonly Command[], argv: readonly string[]): void {
  const [name, ...rest] = argv;
  exitOnFailure(program, async () => {
    if (name === '--help' || name === '-h') return print(commandListing(program, commands));
    const cmd = commands.find((candidate) => candidate.name === name);
    if (!cmd) {
      throw new UsageError(
        `${name === undefined ? 'no command given' : `unknown command ${name}`}\n${commandListing(program, commands)}`,
      );
    }
    await runCommand(program, cmd, rest);
  });
}

/** Runs a program that is one command (`npm run seed -- …`). */
export function runProgram(program: string, cmd: Command, argv: readonly string[]): void {
  exitOnFailure(program, () => runCommand(program, cmd, argv));
}

async function runCommand(program: string, cmd: Command, argv: readonly string[]): Promise<void> {
  const invocation = parseCommandLine(program, cmd, argv);
  if (invocation.help) return print(commandUsage(program, cmd));
  try {
    await cmd.run(invocation.options, invocation.args);
  } catch (error) {
    // A value the command refused (a bad --limit, an unknown role) is a usage mistake too: point to the usage.
    if (error instanceof UsageError) throw new UsageError(`${error.message}\n${seeUsage(program, cmd)}`);
    throw error;
  }
}

// A usage mistake exits 2 (the convention of shells and getopt), any other failure 1.
function exitOnFailure(program: string, work: () => Promise<void>): void {
  work().catch((error: unknown) => {
    process.stderr.write(`${program}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}

function invocationOf(program: string, cmd: Command): string {
  return program === cmd.name ? `npm run ${program} --` : `npm run ${program} -- ${cmd.name}`;
}

function seeUsage(program: string, cmd: Command): string {
  return `see \`${invocationOf(program, cmd)} --help\``;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
