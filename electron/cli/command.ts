// What every `mtls-desk` command looks like, and the helpers they share: argument parsing with
// one-sentence errors, passphrases from an environment variable, a file or a prompt (never an
// argument), and output as text or --json.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../services/errors.js';
import type { ProgramCatalog } from '../services/programs.js';

/** 0 success, 1 a check failed, 2 bad usage or unreadable input, 3 an internal error (a bug). */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3 } as const;

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether a person is at the terminal to answer a prompt. */
  interactive: boolean;
  catalog: () => ProgramCatalog;
}

export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const PASSPHRASE_OPTIONS = {
  'passphrase-env': { type: 'string' },
  'passphrase-file': { type: 'string' },
} as const satisfies Options;

export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

/** util.parseArgs with its errors turned into one sentence that names the command's usage. */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
  usage: string,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const message = (error as Error).message
      .replace(/\. To specify a positional argument.*$/s, '')
      .replace(/\s+/g, ' ');
    throw new UserError('bad-input', `${message.replace(/\.$/, '')}. Usage: ${usage}`);
  }
}

export function requireOption(value: string | undefined, name: string, usage: string): string {
  if (value === undefined || value === '')
    throw new UserError('bad-input', `--${name} is required. Usage: ${usage}`);
  return value;
}

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Hide the typed characters: the passphrase never shows on screen.
  const output = rl as unknown as { _writeToOutput: (s: string) => void };
  let asked = false;
  output._writeToOutput = (s: string) => {
    if (!asked) {
      process.stderr.write(s);
      asked = true;
    }
  };
  try {
    return await new Promise<string>((resolve) => rl.question(question, resolve));
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

export interface PassphraseFlags {
  'passphrase-env'?: string;
  'passphrase-file'?: string;
}

/**
 * The passphrase from --<prefix>passphrase-env VAR, --<prefix>passphrase-file F, or a prompt.
 * Returns undefined when none is given and nobody can be asked. `confirm` asks twice at a prompt.
 */
export async function readPassphrase(
  io: CliIO,
  envVar: string | undefined,
  file: string | undefined,
  what: string,
  confirm = false,
): Promise<string | undefined> {
  if (envVar !== undefined) {
    const value = io.env[envVar];
    if (value === undefined || value === '')
      throw new UserError(
        'bad-input',
        `environment variable ${envVar} (the ${what}) is not set or empty`,
      );
    return value;
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(
        'unreadable-input',
        `passphrase file ${file} cannot be read (${(error as NodeJS.ErrnoException).code})`,
      );
    }
    const value = text.replace(/\r?\n$/, '');
    if (value === '') throw new UserError('bad-input', `passphrase file ${file} is empty`);
    return value;
  }
  if (!io.interactive) return undefined;
  const typed = await prompt(`${what}: `);
  if (typed === '') throw new UserError('bad-input', `the ${what} is empty: type one`);
  // A new passphrase is typed twice: a typo would lock the key away for good.
  if (confirm && (await prompt(`${what} (again): `)) !== typed) {
    throw new UserError(
      'bad-input',
      `the two entries of the ${what} differ: nothing was written; try again`,
    );
  }
  return typed;
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}

/** A passphrase source that asks only when an encrypted key is actually met. */
export function lazyPassphrase(
  io: CliIO,
  flags: PassphraseFlags,
  what = 'passphrase for the key',
): () => Promise<string | undefined> {
  let cached: Promise<string | undefined> | undefined;
  return () =>
    (cached ??= readPassphrase(io, flags['passphrase-env'], flags['passphrase-file'], what));
}

/** Reads --program and --env into a profile and environment, with one-sentence errors. */
export function programAndEnvironment(
  io: CliIO,
  values: { program?: string; env?: string },
  usage: string,
) {
  const profile = io.catalog().get(requireOption(values.program, 'program', usage));
  const environment = io.catalog().environment(profile, requireOption(values.env, 'env', usage));
  return { profile, environment };
}

export function formatFindings(
  findings: readonly {
    severity: string;
    id: string;
    message: string;
    fix: string;
    artifact?: string;
  }[],
): string {
  return findings
    .map(
      (f) =>
        `${f.severity.padEnd(8)}${f.id}: ${f.artifact ? `${f.artifact}: ` : ''}${f.message}\n${' '.repeat(8)}fix: ${f.fix}\n`,
    )
    .join('');
}
