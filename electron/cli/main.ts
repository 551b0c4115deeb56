// Runs one `mtls-desk` command and maps the outcome to an exit code: 0 success, 1 a check
// failed, 2 bad usage or unreadable input (one sentence, never a stack trace), 3 an internal error.
import { UserError } from '../services/errors.js';
import { cliMessage } from './hints.js';
import { EXIT, externalRules, printJson, type CliIO } from './command.js';
import type { ProgramCatalog } from '../services/programs.js';
import { COMMANDS } from './registry.js';
import { version as VERSION } from '../../package.json';

async function help(): Promise<string> {
  const names = Object.keys(COMMANDS);
  const summaries = await Promise.all(names.map(async (n) => (await COMMANDS[n]()).summary));
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return `mtls-desk: Thales mutual-TLS onboarding from the command line\n\nusage: mtls-desk <command> [options]   (every command takes --help and --json)\n\n${names.map((n) => `  ${n.padEnd(width)}${summaries[names.indexOf(n)]}`).join('\n')}\n\nexit codes: 0 success or compliant, 1 non-compliant or check failed, 2 bad usage or unreadable input, 3 internal error\n`;
}

// The program profiles (and zod, which checks them) load only when a command runs, never for
// --version or --help.
let programs: typeof import('../services/programs.js') | undefined;

function defaultIO(): CliIO {
  let catalog: ProgramCatalog | undefined;
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    interactive: Boolean(process.stdin.isTTY) && process.env.CI !== 'true',
    catalog: () => (catalog ??= programs!.ProgramCatalog.load()),
  };
}

export async function runCli(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`mtls-desk ${VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  const json = rest.includes('--json');
  if (!load) {
    io.stderr(`mtls-desk: unknown command "${name}": run mtls-desk --help for the list\n`);
    return EXIT.usage;
  }
  try {
    const command = await load();
    programs ??= await import('../services/programs.js');
    // Program rules from outside the package: said first, on stderr, whatever the output format.
    const external = rest.includes('--help') || rest.includes('-h') ? null : externalRules(io);
    if (external) io.stderr(`mtls-desk: note: ${external.notice}\n`);
    return await command.run(rest, io);
  } catch (error) {
    const userError = error instanceof UserError;
    const message = userError
      ? cliMessage(error)
      : `unexpected failure: ${(error as Error)?.message ?? String(error)}`;
    if (json)
      printJson(io, {
        ok: false,
        error: {
          code: userError ? error.code : 'internal',
          message,
          // The message as data (an id of errors.ja.json and its params), for an app to say it.
          ...(userError && error.text ? { text: error.text } : {}),
        },
      });
    io.stderr(`mtls-desk ${name}: ${message}\n`);
    if (!userError && process.env.MTLS_DESK_DEBUG) io.stderr(`${(error as Error)?.stack}\n`);
    if (userError && error.code === 'interrupted') return EXIT.interrupted;
    return userError ? EXIT.usage : EXIT.internal;
  }
}
