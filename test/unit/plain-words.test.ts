// Plain words from one table each: every environment spelled one way in every profile, every
// audit action main can write has its sentence, and the saved HTML report names the test steps
// with the words the app shows (not their ids).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AUDIT_ACTIONS, AUDIT_ACTION_WORDS, auditActionWords } from '../../shared/audit-words.js';
import type {
  InboundProbeResult,
  InboundStepName,
  OutboundReadinessResult,
  ReadinessCheckId,
} from '../../shared/diagnoses.js';
import { diagnosisText } from '../../shared/diagnoses.js';
import { PROBE_STEP_TITLES } from '../../shared/ipc-channels.js';
import { ENVIRONMENT_DISPLAY_NAMES } from '../../shared/programs/names.js';
import { environmentName } from '../../shared/onboarding-status.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { renderReport } from '../../electron/services/probe/report.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('one spelling per environment', () => {
  it('every profile names each environment by its canonical display name', () => {
    const profiles = ProgramCatalog.load().list();
    assert.equal(profiles.length, 5);
    const seen = new Set<string>();
    for (const profile of profiles)
      for (const env of profile.environments) {
        seen.add(env.id);
        assert.equal(
          env.displayName,
          ENVIRONMENT_DISPLAY_NAMES[env.id],
          `${profile.id}: environment ${env.id} is spelled "${env.displayName}"`,
        );
        // No other spelling hides in the wording about it either.
        assert.doesNotMatch(
          env.inboundEndpointSource ?? '',
          /PreProd\b|Pre-production/,
          `${profile.id}/${env.id}: its endpoint source spells the environment another way`,
        );
      }
    assert.deepEqual([...seen].sort(), ['preprod', 'prod', 'sandbox']);
    // An environment of no known program is called the same.
    assert.equal(environmentName(undefined, 'preprod'), 'Pre-Production');
  });
});

describe('audit entries in words', () => {
  it('every action the code can write has a sentence, and every listed action is written', () => {
    // Every place main records an action: append(…) and the trail's own build(…) of a cut.
    const written = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'electron'))) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/\b(?:append|build)\(\s*([^{}()]*?),\s*\{/g))
        for (const literal of call[1].matchAll(/'([a-z0-9-]+(?:\.[a-z0-9-]+)+)'/g))
          written.add(literal[1]);
    }
    assert.ok(written.size >= 40, `found only ${written.size} actions: the scan is broken`);
    const listed = new Set<string>(AUDIT_ACTIONS);
    for (const action of written) {
      assert.ok(listed.has(action), `"${action}" is written but not in shared/audit-words.ts`);
      assert.notEqual(auditActionWords(action), action, `"${action}" has no wording`);
    }
    for (const action of AUDIT_ACTIONS)
      assert.ok(written.has(action), `"${action}" is listed but nothing writes it`);
  });

  it('the sentences are plain words, one per action', () => {
    const words = Object.values(AUDIT_ACTION_WORDS);
    assert.equal(new Set(words).size, words.length, 'two actions share a sentence');
    for (const [action, sentence] of Object.entries(AUDIT_ACTION_WORDS)) {
      assert.match(sentence, /^[A-Z“]/, `${action}: starts with a capital`);
      assert.doesNotMatch(sentence, /[a-z]\.[a-z]/, `${action}: an id in the sentence`);
    }
    assert.equal(auditActionWords('vault.initialized'), 'Vault created');
    // An action a newer version wrote stays readable as its id.
    assert.equal(auditActionWords('future.action'), 'future.action');
  });
});

describe('the saved report names steps as the app does', () => {
  // Every step and check, checked complete by the type: a new one without a title fails to compile here.
  const INBOUND: Record<InboundStepName, true> = {
    identity: true,
    dns: true,
    tcp: true,
    tls: true,
    verify: true,
    http: true,
    'oauth-token': true,
    'oauth-api': true,
  };
  const OUTBOUND: Record<ReadinessCheckId, true> = {
    port: true,
    reachable: true,
    'tls-versions': true,
    'client-cert-required': true,
    'foreign-client-rejected': true,
    'client-ca-listed': true,
    'server-chain': true,
    'token-endpoint': true,
  };
  const common = {
    ok: false,
    startedAt: '2026-11-29T04:00:00.000Z',
    totalMs: 12,
    diagnosis: diagnosisText('tls-handshake-failed'),
  };
  /** The first cell of each waterfall row. */
  const rowLabels = (html: string): string[] => {
    const table = html.split('<h2>')[1] ?? '';
    return [...table.matchAll(/<tr>\s*<td>([^<]*)<\/td>/g)].map((m) => m[1]);
  };

  it('inbound steps', () => {
    const names = Object.keys(INBOUND) as InboundStepName[];
    const result: InboundProbeResult = {
      ...common,
      kind: 'inbound',
      target: { url: 'https://127.0.0.1:1/', host: '127.0.0.1', port: 1, path: '/' },
      steps: names.map((name, i) => ({
        name,
        status: 'pass',
        startMs: i,
        ms: 1,
        summary: 'fine',
        details: {},
      })),
      evidence: { tls: null },
    };
    const labels = rowLabels(renderReport(result));
    assert.deepEqual(
      labels,
      names.map((n) => PROBE_STEP_TITLES[n]),
    );
    for (const label of labels) assert.ok(label && !names.includes(label as InboundStepName));
  });

  it('outbound checks', () => {
    const ids = Object.keys(OUTBOUND) as ReadinessCheckId[];
    const result: OutboundReadinessResult = {
      ...common,
      kind: 'outbound',
      target: { host: '127.0.0.1', port: 1 },
      checks: ids.map((id, i) => ({
        id,
        status: 'warn',
        startMs: i,
        ms: 1,
        summary: 'look',
        details: {},
      })),
      evidence: { tls: null },
    };
    const labels = rowLabels(renderReport(result, 'tester'));
    assert.deepEqual(
      labels,
      ids.map((id) => PROBE_STEP_TITLES[id]),
    );
    for (const label of labels) assert.ok(label && !ids.includes(label as ReadinessCheckId));
  });
});
