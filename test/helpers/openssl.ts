import { spawnSync } from 'node:child_process';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real peer tool (openssl, curl, keytool) with a timeout; never a shell. */
export function run(command: string, args: string[], input?: string | Buffer, timeoutMs = 60_000): ToolResult {
  const result = spawnSync(command, args, { input, timeout: timeoutMs, encoding: 'buffer' });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8') };
}

export function openssl(args: string[], input?: string | Buffer): ToolResult {
  return run('openssl', args, input);
}

/** openssl that must succeed; throws with its stderr otherwise. */
export function opensslOk(args: string[], input?: string | Buffer): string {
  const result = openssl(args, input);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}
