import { spawnSync } from 'node:child_process';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a real peer tool (openssl, curl, keytool) with a timeout; never through a shell. */
export function run(command: string, args: string[], options: RunOptions = {}): ToolResult {
  const result = spawnSync(command, args, {
    // A string input is turned into bytes here: with encoding 'buffer', spawnSync cannot encode it.
    input: typeof options.input === 'string' ? Buffer.from(options.input, 'utf8') : options.input,
    cwd: options.cwd,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    timeout: options.timeoutMs ?? 60_000,
    encoding: 'buffer',
  });
  if (result.error) throw result.error;
  return {
    status: result.status,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
  };
}

export function openssl(args: string[], options?: RunOptions): ToolResult {
  return run('openssl', args, options);
}

/** openssl that must succeed; throws with its stderr otherwise. */
export function opensslOk(args: string[], options?: RunOptions): string {
  const result = openssl(args, options);
  if (result.status !== 0)
    throw new Error(`openssl ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
