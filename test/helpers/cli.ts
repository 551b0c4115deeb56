import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../electron/cli/main.js';
import type { CliIO } from '../../electron/cli/command.js';
import { ProgramCatalog } from '../../electron/services/programs.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const catalog = ProgramCatalog.load();

/** Runs a command in this process (fast); no terminal, so nothing prompts. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { ...process.env, ...env },
    interactive: false,
    catalog: () => catalog,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const entry = fileURLToPath(new URL('../../electron/cli/index.ts', import.meta.url));

/** Runs the real `mtls-desk` process, as a script would. */
export function cliProcess(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
