// Core engine: our key generation against a bare crypto.generateKeyPair in the same run, and the
// CSR / certificate build time.
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { KEY_ALGORITHM_IDS, KEY_ALGORITHMS } from '../shared/algorithms.js';
import { generateKey } from '../electron/services/keys.js';
import { createCsr, createSelfSignedCertificate } from '../electron/services/identity.js';
import { ProgramCatalog } from '../electron/services/programs.js';
import { median, medianMs, type BenchRow } from './harness.js';

const bareGenerate = promisify(generateKeyPair);

/** 95% bootstrap interval of median(ours) / median(baseline), with a fixed seed so reruns agree. */
function bootstrapRatioInterval(
  ours: number[],
  baseline: number[],
  resamples = 2000,
): [number, number] {
  let seed = 0x9e3779b9;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const resample = (values: number[]) =>
    values.map(() => values[Math.floor(random() * values.length)]);
  const ratios = Array.from(
    { length: resamples },
    () => median(resample(ours)) / median(resample(baseline)),
  ).sort((a, b) => a - b);
  return [ratios[Math.floor(resamples * 0.025)], ratios[Math.floor(resamples * 0.975)]];
}

export async function run(): Promise<BenchRow[]> {
  const catalog = ProgramCatalog.load();
  const tsh = catalog.get('tsh-classic');
  const d1 = catalog.get('d1-ecom');
  const rows: BenchRow[] = [];
  for (const id of KEY_ALGORITHM_IDS) {
    const spec = KEY_ALGORITHMS[id].key;
    // RSA prime search varies by half its time from one key to the next: many RSA runs, and ours
    // and the baseline alternate call by call so machine load hits both alike.
    const runs = spec.type === 'rsa' ? (spec.bits >= 4096 ? 15 : spec.bits >= 3072 ? 21 : 41) : 301;
    const bare = () =>
      spec.type === 'ec'
        ? bareGenerate('ec', { namedCurve: spec.curve })
        : bareGenerate('rsa', { modulusLength: spec.type === 'rsa' ? spec.bits : 0 });
    const baselineTimes: number[] = [];
    const ourTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      baselineTimes.push(await medianMs(1, bare));
      ourTimes.push(await medianMs(1, () => generateKey(id)));
    }
    const ours = median(ourTimes);
    const baseline = median(baselineTimes);
    // With RSA the spread of prime search swamps any layer cost in a few dozen runs: say so with a
    // 95% interval of the ratio, and count the row met when ours is not measurably slower.
    const [low, high] = bootstrapRatioInterval(ourTimes, baselineTimes);
    rows.push({
      name: `keygen ${id} (${runs} runs each)`,
      ours,
      baseline,
      unit: 'ms',
      target: `ratio <= 1.1 (95% interval ${low.toFixed(2)}-${high.toFixed(2)})`,
      met: ours / baseline <= 1.1 || low <= 1,
    });
  }
  // Every algorithm's build time, rsa-3072 included though no program allows it today: measured
  // through the programs' own profiles widened to every algorithm (the code path is the same).
  const everyAlgorithm = { allowed: [...KEY_ALGORITHM_IDS], refused: [] };
  const selfSigned = { ...tsh, keyAlgorithms: { ...tsh.keyAlgorithms, ...everyAlgorithm } };
  const csrProfile = { ...d1, keyAlgorithms: { ...d1.keyAlgorithms, ...everyAlgorithm } };
  for (const id of KEY_ALGORITHM_IDS) {
    const { privateKey } = await generateKey(id);
    const certMs = await medianMs(30, () =>
      createSelfSignedCertificate({
        profile: selfSigned,
        environmentId: 'preprod',
        commonName: 'CUST01-PREPROD',
        privateKey,
      }),
    );
    rows.push({
      name: `self-signed certificate ${id}`,
      ours: certMs,
      unit: 'ms',
      target: '< 10 ms',
      met: certMs < 10,
    });
    const csrMs = await medianMs(30, () =>
      createCsr({
        profile: csrProfile,
        environmentId: 'preprod',
        identifier: 'MGW_000001',
        subject: { C: 'FR', ST: 'IDF', L: 'Paris', O: 'Acme', OU: 'Payments' },
        privateKey,
      }),
    );
    rows.push({ name: `CSR ${id}`, ours: csrMs, unit: 'ms', target: '< 10 ms', met: csrMs < 10 });
  }
  return rows;
}
