// Every diagnosis in shared/diagnoses.ts is reached by at least one live scenario: the scenario
// files (probe-*, oauth-*) assert their diagnosis with assertDiagnosis / assertWarning (or, for
// the token-endpoint check, assert.equal on its diagnosis), and this test reads those calls. It also checks that each diagnosis has words, so no id reaches a user as a bare code.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { it } from 'node:test';
import { DIAGNOSES, DIAGNOSIS_IDS } from '../../shared/diagnoses.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const sources = readdirSync(here)
  .filter((f) => /^(probe|oauth)-.*\.test\.ts$/.test(f) && f !== 'probe-coverage.test.ts')
  .map((f) => readFileSync(join(here, f), 'utf8'));
const asserted = sources.flatMap((s) =>
  [
    ...s.matchAll(/assert(?:Diagnosis|Warning)\([^;]*?'([a-z0-9-]+)',?\s*\)/g),
    // The outbound token-endpoint check's result: assert.equal(<…>.diagnosis, 'id').
    ...s.matchAll(/assert\.equal\([^;]*?\.diagnosis,\s*'([a-z0-9-]+)',?\s*\)/g),
  ].map((m) => m[1]),
);

it('every diagnosis id is reached by a live scenario', () => {
  const missing = DIAGNOSIS_IDS.filter((id) => !asserted.includes(id));
  assert.deepEqual(missing, []);
  for (const id of asserted)
    assert.ok(
      (DIAGNOSIS_IDS as readonly string[]).includes(id),
      `${id} is asserted but not a diagnosis`,
    );
});

it('has at least 20 scenarios across Node tls, openssl s_server, nginx, Java JSSE and Go', () => {
  const scenarios = sources.flatMap((s) => [...s.matchAll(/\bit\(/g)]);
  assert.ok(scenarios.length >= 20, `${scenarios.length} scenarios`);
  const all = sources.join('\n');
  for (const server of [
    'startNodeTlsServer',
    'startOpensslServer',
    'startNginx',
    'startStackServer',
  ])
    assert.ok(all.includes(server), server);
});

it('every diagnosis has a title, a cause and a fix in plain words', () => {
  for (const id of DIAGNOSIS_IDS) {
    const text = DIAGNOSES[id];
    for (const part of [text.title, text.cause, text.fix])
      assert.ok(part.length > 5 && !/ERR_|SSL_|X509_V/.test(part), `${id}: ${part}`);
  }
});
