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
    const bare = () => (spec.type === 'ec' ? bareGenerate('ec', { namedCurve: spec.curve }) : bareGenerate('rsa', { modulusLength: spec.type === 'rsa' ? spec.bits : 0 }));
    const baselineTimes: number[] = [];
    const ourTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      baselineTimes.push(await medianMs(1, bare));
      ourTimes.push(await medianMs(1, () => generateKey(id)));
    }
    const ours = median(ourTimes);
    const baseline = median(baselineTimes);
    rows.push({ name: `keygen ${id} (${runs} runs each)`, ours, baseline, unit: 'ms', target: 'ratio <= 1.1', met: ours / baseline <= 1.1 });
  }
  for (const id of KEY_ALGORITHM_IDS) {
    const { privateKey } = await generateKey(id);
    if (tsh.keyAlgorithms.allowed.includes(id)) {
      const ms = await medianMs(30, () => createSelfSignedCertificate({ profile: tsh, environmentId: 'preprod', commonName: 'CUST01-PREPROD', privateKey }));
      rows.push({ name: `self-signed certificate ${id}`, ours: ms, unit: 'ms', target: '< 10 ms', met: ms < 10 });
    }
    if (d1.keyAlgorithms.allowed.includes(id)) {
      const ms = await medianMs(30, () => createCsr({ profile: d1, environmentId: 'preprod', identifier: 'MGW1', subject: { C: 'FR', ST: 'IDF', L: 'Paris', O: 'Acme', OU: 'Payments' }, privateKey }));
      rows.push({ name: `CSR ${id}`, ours: ms, unit: 'ms', target: '< 10 ms', met: ms < 10 });
    }
  }
  return rows;
}
