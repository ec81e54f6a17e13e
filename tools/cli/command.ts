/** One option of a command: `--name <value>` (string) or `--name` (boolean), with what it is for. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One line for the command's usage. */
  help: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The options given, typed by their specs: a string option's value, or whether a boolean one was set. */
export type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean;
};

/** A positional argument; the required ones come first. */
export interface ArgumentSpec {
  name: string;
  required: boolean;
}

/** A command of a CLI: what it takes, its usage and what it does. */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for the CLI's listing of commands. */
  summary: string;
  /** What follows the command's name in its usage line, e.g. `<queue> [--limit N]`. */
  synopsis: string;
  /** More about the command, printed under its usage line. */
  details?: string;
  arguments?: readonly ArgumentSpec[];
  options: O;
  // A method, not a property: a Command<O> then fits where a Command of any options is expected.
  run(options: OptionValues<O>, args: readonly string[]): Promise<void>;
}

/** Declares a command, typing its `run` by its options. */
export function command<O extends OptionSpecs>(definition: Command<O>): Command {
  return definition;
}

/** The option of the listing and printing commands that prints JSON instead of a table. */
export const JSON_OPTION = { json: { type: 'boolean', help: 'print JSON instead of a table' } } as const;
