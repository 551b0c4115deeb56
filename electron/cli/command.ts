// What every `mtls-desk` command looks like (declared with define.ts), and the helpers they share:
// passphrases from an environment variable, a file or a prompt (never an argument), output as
// --json, findings as text.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UserError } from '../services/errors.js';
import type { ProgramCatalog } from '../services/programs.js';
import { MAX_PASSPHRASE_FILE_BYTES } from '../../shared/input-limits.js';
import type { NeedDetails } from '../../shared/needs.js';
import { cliFix } from './hints.js';

/**
 * 0 success, 1 a check failed, 2 bad usage or unreadable input, 3 an internal error (a bug),
 * 130 stopped by Ctrl+C or Ctrl+D at a prompt (as a shell reports an interrupted command).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3, interrupted: 130 } as const;

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
    return await new Promise<string>((resolve, reject) => {
      let answered = false;
      // Ctrl+C and Ctrl+D end the command (exit 130), they never leave it waiting.
      rl.on('SIGINT', () =>
        reject(
          new UserError(
            'interrupted',
            'stopped at the passphrase prompt (Ctrl+C): nothing was done',
          ),
        ),
      );
      rl.on('close', () => {
        if (!answered)
          reject(
            new UserError(
              'interrupted',
              'no passphrase was typed (Ctrl+D ended the input): nothing was done',
            ),
          );
      });
      rl.question(question, (answer) => {
        answered = true;
        resolve(answer);
      });
    });
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/**
 * A passphrase file: only its owner may read it (a group- or world-readable one is refused with
 * the chmod that fixes it), at most MAX_PASSPHRASE_FILE_BYTES, read through one descriptor so
 * what is checked is what is read. The path is named in errors only once it is known to be a file.
 */
function readPassphraseFile(file: string, what: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      'unreadable-input',
      code === 'ENOENT'
        ? `the file given for ${what} does not exist: give the path of a file that holds it, never the passphrase itself`
        : `the file given for ${what} cannot be read (${code})`,
    );
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new UserError(
        'bad-input',
        `${file} (for ${what}) is not a file: give a passphrase file`,
      );
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
      throw new UserError(
        'bad-input',
        `passphrase file ${file} can be read by other users (mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}): run chmod 600 ${file} and try again`,
      );
    if (stat.size > MAX_PASSPHRASE_FILE_BYTES)
      throw new UserError(
        'bad-input',
        `passphrase file ${file} is ${stat.size.toLocaleString('en-US')} bytes, not a passphrase (at most ${MAX_PASSPHRASE_FILE_BYTES.toLocaleString('en-US')}): check you gave the right file`,
      );
    const buffer = Buffer.alloc(MAX_PASSPHRASE_FILE_BYTES + 1);
    let length = 0;
    for (
      let n;
      length < buffer.length &&
      (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;
    )
      length += n;
    if (length > MAX_PASSPHRASE_FILE_BYTES)
      throw new UserError(
        'bad-input',
        `passphrase file ${file} is longer than ${MAX_PASSPHRASE_FILE_BYTES.toLocaleString('en-US')} bytes, not a passphrase: check you gave the right file`,
      );
    const text = buffer.subarray(0, length).toString('utf8');
    buffer.fill(0);
    return text;
  } finally {
    closeSync(fd);
  }
}

/** What an environment variable name looks like; anything else was probably the secret itself. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

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
  fileFlag = '--passphrase-file',
): Promise<string | undefined> {
  if (envVar !== undefined) {
    // The flag takes a variable's name; whatever was given is never repeated back, in case it is
    // the passphrase itself.
    if (!ENV_NAME.test(envVar))
      throw new UserError(
        'bad-input',
        `the --...-env option for the ${what} takes the name of an environment variable that holds it (like MTLS_PASS), never the passphrase itself; what was given is not a variable name`,
      );
    const value = io.env[envVar];
    if (value === undefined || value === '')
      throw new UserError(
        'bad-input',
        `the environment variable named for the ${what} is not set or empty: set it (export NAME=...) or give ${fileFlag}`,
      );
    return value;
  }
  if (file !== undefined) {
    const value = readPassphraseFile(file, `the ${what}`).replace(/\r?\n$/, '');
    if (value === '') throw new UserError('bad-input', `the file given for the ${what} is empty`);
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

/** Where the program rules came from, when not from the package; null otherwise. */
export function externalRules(io: CliIO): { dir: string; notice: string } | null {
  if (!io.env.MTLS_DESK_PROGRAMS_DIR) return null;
  try {
    return io.catalog().external;
  } catch {
    return null;
  }
}

/** JSON on stdout; an object also says where program rules came from when not from the package. */
export function printJson(io: CliIO, value: unknown): void {
  const external = externalRules(io);
  const shown =
    external && value && typeof value === 'object' && !Array.isArray(value)
      ? { ...value, programRules: { external: true, dir: external.dir } }
      : value;
  io.stdout(JSON.stringify(shown, null, 2) + '\n');
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
    details?: NeedDetails;
  }[],
): string {
  return findings
    .map(
      (f) =>
        `${f.severity.padEnd(8)}${f.id}: ${f.artifact ? `${f.artifact}: ` : ''}${f.message}\n${' '.repeat(8)}fix: ${cliFix(f)}\n`,
    )
    .join('');
}
