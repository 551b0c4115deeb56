// One declaration per command (smallstep/cli and oclif style): its options, positionals, help,
// examples and output come from `defineCommand`; the command's `run` returns data and this helper
// parses the arguments (one-sentence usage errors naming the usage line, exit 2), answers --help,
// parses integers with one range-checked parser, and prints the data as --json or as text.
import { parseArgs } from 'node:util';
import { UserError } from '../services/errors.js';
import { EXIT, printJson, type CliCommand, type CliIO } from './command.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The option may be repeated; its value is the list. */
  multiple?: boolean;
  /** The value's name in the help and usage line: FILE, VAR, ID… */
  value?: string;
  description: string;
  /** The value is a whole number in this range (parsed by `parseInteger`). */
  integer?: { min: number; max: number; unit?: string };
  /** Missing is a usage error (`--NAME is required`). */
  required?: boolean;
}

export interface PositionalSpec {
  name: string;
  description?: string;
  required?: boolean;
  /** Takes every remaining argument. */
  multiple?: boolean;
}

type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S extends { integer: object }
    ? number | undefined
    : S extends { multiple: true }
      ? string[] | undefined
      : S extends { required: true }
        ? string
        : string | undefined;

export type Values<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> } & {
  json: boolean;
};

export interface Input<O extends OptionSpecs> {
  values: Values<O>;
  positionals: string[];
  /** The usage line, for errors the command raises itself. */
  usage: string;
  /** The arguments as given (a command that runs itself again in a child process passes them on). */
  args: string[];
}

/** Data with an exit code other than 0 (a failed check: EXIT.failed). */
export class Outcome<D> {
  constructor(
    readonly data: D,
    readonly exitCode: number,
  ) {}
}

export const withExit = <D>(data: D, exitCode: number) => new Outcome(data, exitCode);

const PRINTED = Symbol('printed');

/** The output is already printed (by a child process that ran the command): only the exit code. */
export const printed = (exitCode: number) => new Outcome<never>(PRINTED as never, exitCode);

export interface CommandSpec<O extends OptionSpecs, D> {
  /** The words after `mtls-desk`: `lint`, `vault init`. */
  name: string;
  summary: string;
  description?: string;
  options: O;
  positionals?: PositionalSpec[];
  /** A usage line written by hand, when alternatives (`A | B`) say more than the option list. */
  usage?: string;
  examples: string[];
  run(input: Input<O>, io: CliIO): Promise<D | Outcome<D>>;
  /** The human output; without it a string is printed as it is and anything else as JSON. */
  text?(data: D, input: Input<O>): string;
  /** What --json prints, when not the data itself (the data carries what only the text needs). */
  json?(data: D): unknown;
  /** --json prints a document for someone else (a JWK): as it is, without the programRules note. */
  plainJson?: boolean;
}

export interface DeclaredCommand extends CliCommand {
  name: string;
  examples: string[];
  help(): string;
  subcommands?: Record<string, DeclaredCommand>;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };
const JSON_OPTION: OptionSpec = { type: 'boolean', description: 'print the result as JSON' };

/** The one integer parser: a whole number in [min, max], or a one-sentence error naming the flag. */
export function parseInteger(
  text: string,
  flag: string,
  range: { min: number; max: number; unit?: string },
): number {
  const unit = range.unit ? ` of ${range.unit}` : '';
  if (!/^\d+$/.test(text.trim()) || Number(text) < range.min || Number(text) > range.max)
    throw new UserError(
      'bad-input',
      `--${flag} "${text}" is not a whole number${unit} from ${range.min} to ${range.max}`,
    );
  return Number(text);
}

function flagText(flag: string, spec: OptionSpec): string {
  return spec.type === 'boolean' ? `--${flag}` : `--${flag} ${spec.value ?? 'VALUE'}`;
}

function usageLine(spec: CommandSpec<OptionSpecs, unknown>): string {
  if (spec.usage) return spec.usage;
  const words = [`mtls-desk ${spec.name}`];
  for (const p of spec.positionals ?? []) {
    const word = `<${p.name}>${p.multiple ? '...' : ''}`;
    words.push(p.required ? word : `[${word}]`);
  }
  for (const [flag, option] of Object.entries(spec.options))
    words.push(option.required ? flagText(flag, option) : `[${flagText(flag, option)}]`);
  words.push('[--json]');
  return words.join(' ');
}

function table(rows: [string, string][]): string {
  const width = Math.min(32, Math.max(...rows.map(([left]) => left.length)) + 2);
  return rows
    .map(([left, right]) =>
      left.length + 2 > width
        ? `  ${left}\n  ${' '.repeat(width)}${right}`
        : `  ${left.padEnd(width)}${right}`,
    )
    .join('\n');
}

function helpText(spec: CommandSpec<OptionSpecs, unknown>, usage: string): string {
  const options = { ...spec.options, json: JSON_OPTION, help: HELP };
  const rows: [string, string][] = Object.entries(options).map(([flag, option]) => [
    `${option.short ? `-${option.short}, ` : ''}${flagText(flag, option)}`,
    `${option.description}${option.required ? ' (required)' : ''}${option.multiple ? ' (repeatable)' : ''}`,
  ]);
  const positionals = (spec.positionals ?? []).filter((p) => p.description);
  return [
    usage,
    '',
    `${spec.summary}.${spec.description ? `\n${spec.description}` : ''}`,
    '',
    ...(positionals.length
      ? ['Arguments:', table(positionals.map((p) => [`<${p.name}>`, p.description!])), '']
      : []),
    'Options:',
    table(rows),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

function usageError(message: string, usage: string): UserError {
  return new UserError('bad-input', `${message.replace(/\.$/, '')}. Usage: ${usage}`);
}

function parse<O extends OptionSpecs>(
  spec: CommandSpec<O, unknown>,
  args: string[],
  usage: string,
): Input<O> & { help: boolean } {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, json: JSON_OPTION, help: HELP }).map(([flag, o]) => [
      flag,
      { type: o.type, ...(o.short ? { short: o.short } : {}), multiple: o.multiple ?? false },
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message
      .replace(/\. To specify a positional argument.*$/s, '')
      .replace(/\s+/g, ' ');
    throw usageError(message, usage);
  }
  const raw = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const values: Record<string, unknown> = { json: raw.json === true };
  if (raw.help === true)
    return { values: values as Values<O>, positionals: [], usage, args, help: true };
  for (const [flag, option] of Object.entries(spec.options)) {
    const value = raw[flag];
    if (option.type === 'boolean') values[flag] = value === true;
    else if (value === undefined || value === '') {
      if (option.required) throw usageError(`--${flag} is required`, usage);
      values[flag] = undefined;
    } else
      values[flag] = option.integer ? parseInteger(value as string, flag, option.integer) : value;
  }
  const declared = spec.positionals ?? [];
  const required = declared.filter((p) => p.required);
  if (parsed.positionals.length < required.length)
    throw usageError(`give the ${required[parsed.positionals.length].name}`, usage);
  if (!declared.some((p) => p.multiple) && parsed.positionals.length > declared.length)
    throw usageError(`unexpected argument "${parsed.positionals[declared.length]}"`, usage);
  return { values: values as Values<O>, positionals: parsed.positionals, usage, args, help: false };
}

/** A command from its declaration: parsing, --help, --json and the exit code are the helper's. */
export function defineCommand<const O extends OptionSpecs, D>(
  spec: CommandSpec<O, D>,
): DeclaredCommand {
  const general = spec as unknown as CommandSpec<OptionSpecs, unknown>;
  const usage = usageLine(general);
  const help = () => helpText(general, usage);
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    examples: spec.examples,
    help,
    async run(args, io) {
      const input = parse(spec, args, usage);
      if (input.help) return (io.stdout(help()), EXIT.ok);
      const result = await spec.run(input, io);
      const [data, exitCode] =
        result instanceof Outcome ? [result.data as D, result.exitCode] : [result, EXIT.ok];
      if ((data as unknown) === PRINTED) return exitCode;
      const json = spec.json ? spec.json(data) : data;
      if (input.values.json && spec.plainJson) io.stdout(JSON.stringify(json, null, 2) + '\n');
      else if (input.values.json) printJson(io, json);
      else if (spec.text) io.stdout(spec.text(data, input));
      else if (typeof data === 'string') io.stdout(data);
      else printJson(io, data);
      return exitCode;
    },
  };
}

export interface GroupSpec {
  name: string;
  summary: string;
  description?: string;
  subcommands: DeclaredCommand[];
  /** Runs when no subcommand is given (`mtls-desk programs`). */
  default?: DeclaredCommand;
}

/** A command made of subcommands (`vault init`, `vault status`…), each declared on its own. */
export function defineGroup(spec: GroupSpec): DeclaredCommand {
  const subcommands = Object.fromEntries(
    spec.subcommands.map((c) => [c.name.slice(spec.name.length + 1), c]),
  );
  const names = Object.keys(subcommands);
  const usage = `mtls-desk ${spec.name} ${spec.default ? '[' : '<'}${names.join('|')}${spec.default ? ']' : '>'} [options]`;
  const examples = spec.subcommands.map((c) => c.examples[0]);
  const help = () =>
    [
      usage,
      '',
      `${spec.summary}.${spec.description ? `\n${spec.description}` : ''}`,
      '',
      'Subcommands (each takes --help and --json):',
      table(spec.subcommands.map((c) => [c.name.slice(spec.name.length + 1), c.summary])),
      '',
      'Examples:',
      ...[...(spec.default?.examples.slice(0, 1) ?? []), ...examples].map((e) => `  ${e}`),
      '',
    ].join('\n');
  return {
    name: spec.name,
    summary: spec.summary,
    usage,
    examples: [...(spec.default?.examples ?? []), ...examples],
    help,
    subcommands,
    async run(args, io) {
      const [first, ...rest] = args;
      if (first === '--help' || first === '-h') return (io.stdout(help()), EXIT.ok);
      if (first === undefined || first.startsWith('-')) {
        if (spec.default) return spec.default.run(args, io);
        throw usageError('a subcommand is required', usage);
      }
      const command = subcommands[first];
      if (!command) throw usageError(`unknown subcommand "${first}"`, usage);
      return command.run(rest, io);
    },
  };
}
