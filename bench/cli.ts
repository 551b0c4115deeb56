// The installed command's start-up: wall time of `mtls-desk --version`, `mtls-desk programs` and
// `mtls-desk lint` of one certificate (the built bundle, as bin/mtls-desk.js runs it) against a
// bare `node -e 0` in the same run. Runs interleave so a busy moment hits both sides alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, ratioRow, type BenchRow } from './harness.js';

const RUNS = 15;

function wallMs(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: 'ignore', timeout: 30_000 });
  if (run.status !== 0 && run.status !== 1)
    throw new Error(`${args.join(' ')} exited ${run.status}`);
  return performance.now() - start;
}

function selfSignedCertificate(dir: string): string {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=bench',
      '-days',
      '365',
    ],
    { stdio: 'ignore' },
  );
  return cert;
}

export async function run(): Promise<BenchRow[]> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'mtls-desk-bench-cli-'));
  const cert = selfSignedCertificate(dir);
  writeFileSync(join(dir, 'empty'), '');
  const commands: Array<[string, string[], number]> = [
    ['mtls-desk --version', ['bin/mtls-desk.js', '--version'], 3],
    ['mtls-desk programs', ['bin/mtls-desk.js', 'programs'], 3],
    [
      'mtls-desk lint of one certificate',
      ['bin/mtls-desk.js', 'lint', '--program', 'tsh-classic', '--env', 'preprod', cert],
      5,
    ],
  ];
  const bare: number[] = [];
  const ours = commands.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    bare.push(wallMs(['-e', '0']));
    commands.forEach(([, args], k) => ours[k].push(wallMs(args)));
  }
  const baseline = median(bare);
  return commands.map(([name, , limit], k) =>
    ratioRow(`${name} vs node -e 0`, median(ours[k]), baseline, limit),
  );
}
