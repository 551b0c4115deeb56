// Hostile input against the main thread: the longest stall of this thread's event loop (a 1 ms
// timer's largest gap) while the desk checks each input of the security review, and the time until
// its one sentence. The baseline is the same timer's largest gap with nothing to do, over as long.
// The reading worker is started once first, as the app does at its first check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openDesk } from '../electron/services/desk.js';
import { ProgramCatalog } from '../electron/services/programs.js';
import { openConfStore } from '../electron/services/store.js';
import { beginLines, manyCertificates, manyKeyBagsPkcs12 } from '../test/helpers/hostile.js';
import type { BenchRow } from './harness.js';

/** Runs `work` while a 1 ms timer measures the largest gap between its ticks. */
async function stallDuring(
  work: () => Promise<unknown>,
): Promise<{ stall: number; ms: number; message: string }> {
  let last = performance.now();
  let stall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  let message = 'accepted';
  try {
    await work();
  } catch (error) {
    message = (error as Error).message;
  }
  const ms = performance.now() - started;
  clearInterval(timer);
  stall = Math.max(stall, performance.now() - last);
  return { stall, ms, message };
}

/** A full garbage collection, so the fixtures' own garbage is not collected during a measure. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const idle = (ms: number) => stallDuring(() => new Promise((resolve) => setTimeout(resolve, ms)));

export async function run(): Promise<BenchRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mtls-desk-bench-hostile-'));
  try {
    const desk = openDesk({
      dataDir,
      store: openConfStore(dataDir),
      catalog: ProgramCatalog.load(),
    });
    const onboarding = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'BENCH01',
      environment: 'preprod',
    });
    const check = (data: string) =>
      desk.assets.check({
        program: 'tsh-classic',
        environment: 'preprod',
        asset: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
        data,
      });
    const many = await manyCertificates(600);
    // Start the worker (module load) before measuring, as any earlier check would have.
    await check('-----BEGIN CERTIFICATE-----\n').catch(() => undefined);

    const inputs: Array<[string, () => Promise<unknown>]> = [
      ['a paste of 600 certificates', () => check(many.pem)],
      ['1 MB of BEGIN lines', () => check(beginLines())],
      [
        'a PKCS#12 of five 10M-iteration key bags (import)',
        () =>
          desk.assets.import({
            onboardingId: onboarding.id,
            as: 'identity',
            data: manyKeyBagsPkcs12(5, 10_000_000),
            source: 'five-bags.p12',
            passphrase: 'bench',
          }),
      ],
    ];
    const rows: BenchRow[] = [];
    for (const [name, work] of inputs) {
      collectGarbage();
      const measured = await stallDuring(work);
      const baseline = await idle(Math.max(50, measured.ms));
      process.stderr.write(`bench: ${name}: ${measured.message}\n`);
      rows.push({
        name: `main-thread stall: ${name}`,
        ours: measured.stall,
        baseline: baseline.stall,
        unit: 'ms',
        kind: 'absolute',
        target: '< 50 ms (baseline: the idle loop, shown)',
        met: measured.stall < 50,
      });
      const sentence = !/\n/.test(measured.message) && measured.message !== 'accepted';
      rows.push({
        name: `one sentence after: ${name}`,
        ours: measured.ms,
        unit: 'ms',
        kind: 'absolute',
        target: '< 2000 ms, one sentence',
        met: measured.ms < 2000 && sentence,
      });
    }
    desk.close();
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
