// Texts that live with their data rather than in the screens' catalogues: every diagnosis has its
// Japanese title, cause and fix (and each screen's own fix), keyed by the same ids, keeping portal
// asset names, algorithm names and commands as they are; every program profile carries its
// Japanese texts beside the English ones, and a profile missing one fails at load.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  DIAGNOSES,
  DIAGNOSIS_IDS,
  SCREEN_FIXES,
  fixFor,
  type DiagnosisId,
  type FixKey,
} from '../../shared/diagnoses.js';
import { diagnosisIn, fixIn } from '../../shared/i18n/diagnoses.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import {
  environmentName,
  identifierLabel,
  identifierRule,
  keyAlgorithmsWhy,
  programSummary,
} from '../../shared/programs/texts.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { tempDir } from '../helpers/tmp.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Names that stay untranslated: portal assets, algorithm and protocol names, paths, headers. */
function keptNames(text: string): string[] {
  return [
    ...(text.match(
      /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\bES256\b|\bP-256\b|\bRSA 4096\b|\bTLS 1\.[0-3]\b|\/etc\/hosts|WWW-Authenticate: Basic/g,
    ) ?? []),
  ];
}

describe('diagnoses in Japanese', () => {
  it('has exactly the diagnosis ids, each with a Japanese title, cause and fix', () => {
    assert.deepEqual(Object.keys(JAPANESE_TEXTS.diagnoses).sort(), [...DIAGNOSIS_IDS].sort());
    for (const id of DIAGNOSIS_IDS) {
      const ja = JAPANESE_TEXTS.diagnoses[id];
      for (const field of ['title', 'cause', 'fix'] as const)
        assert.match(ja[field], JAPANESE, `${id}.${field} is Japanese`);
    }
  });

  it('has every screen-specific fix, and keeps asset names, algorithms and commands untranslated', () => {
    for (const [id, fixes] of Object.entries(SCREEN_FIXES) as [
      DiagnosisId,
      Partial<Record<FixKey, string>>,
    ][]) {
      for (const key of Object.keys(fixes) as FixKey[])
        assert.ok(
          JAPANESE_TEXTS.diagnoses[id].fixes?.[key],
          `${id} has its ${key} fix in Japanese`,
        );
    }
    for (const id of DIAGNOSIS_IDS) {
      for (const field of ['title', 'cause', 'fix'] as const) {
        const missing = keptNames(DIAGNOSES[id][field]).filter(
          (name) => !JAPANESE_TEXTS.diagnoses[id][field].includes(name),
        );
        assert.deepEqual(missing, [], `${id}.${field} keeps ${missing}`);
      }
    }
  });

  it('the app reads English from the one English source and Japanese from the catalogue, per screen', () => {
    assert.equal(diagnosisIn(null, 'tcp-refused').title, DIAGNOSES['tcp-refused'].title);
    assert.equal(diagnosisIn(JAPANESE_TEXTS, 'tcp-refused').title, '接続が拒否されました');
    for (const place of ['tester', 'onboarding'] as const)
      for (const direction of ['inbound', 'outbound'] as const)
        for (const id of DIAGNOSIS_IDS) {
          assert.equal(fixIn(null, id, place, direction), fixFor(id, place, direction));
          const screen = SCREEN_FIXES[id]?.[`${place}-${direction}`];
          assert.equal(
            fixIn(JAPANESE_TEXTS, id, place, direction),
            screen
              ? JAPANESE_TEXTS.diagnoses[id].fixes![`${place}-${direction}`]
              : JAPANESE_TEXTS.diagnoses[id].fix,
          );
        }
  });
});

describe('program profiles in Japanese', () => {
  const catalog = ProgramCatalog.load();

  it('every profile has its Japanese summary, identifier label, key advice and environment names', () => {
    for (const profile of catalog.list()) {
      assert.match(programSummary(profile, 'ja'), JAPANESE, `${profile.id} summary`);
      assert.equal(programSummary(profile, 'en'), profile.summary);
      assert.match(keyAlgorithmsWhy(profile, 'ja'), JAPANESE, `${profile.id} why`);
      assert.ok(identifierLabel(profile, 'ja'));
      assert.match(identifierRule(profile, 'ja'), JAPANESE, `${profile.id} identifier rule`);
      // An API field name stays as it is.
      if (/^[a-z]+Id$/.test(profile.identifier.label))
        assert.equal(identifierLabel(profile, 'ja'), profile.identifier.label);
      for (const environment of profile.environments) {
        const ja = environmentName(environment, 'ja');
        if (environment.id === 'prod') assert.equal(ja, '本番環境');
        if (environment.id === 'sandbox') assert.equal(ja, 'サンドボックス環境');
        assert.match(ja, JAPANESE, `${profile.id}/${environment.id}`);
      }
      // Algorithm names stay as they are.
      for (const name of profile.keyAlgorithms.why.match(/P-256|P-384|RSA \d+/g) ?? [])
        assert.ok(profile.keyAlgorithms.whyJa.includes(name), `${profile.id} keeps ${name}`);
    }
  });

  for (const [field, remove] of [
    ['summaryJa', (p: Record<string, any>) => delete p.summaryJa],
    ['keyAlgorithms.whyJa', (p: Record<string, any>) => delete p.keyAlgorithms.whyJa],
    ['identifier.labelJa', (p: Record<string, any>) => delete p.identifier.labelJa],
    ['identifier.ruleJa', (p: Record<string, any>) => delete p.identifier.ruleJa],
    [
      'environments.0.displayNameJa',
      (p: Record<string, any>) => delete p.environments[0].displayNameJa,
    ],
  ] as const) {
    it(`a profile without ${field} fails at load, naming the field`, () => {
      const dir = tempDir();
      const broken = JSON.parse(
        readFileSync(join(catalog.programsDir, 'tmg-merchant.json'), 'utf8'),
      );
      remove(broken);
      writeFileSync(join(dir, 'tmg-merchant.json'), JSON.stringify(broken));
      assert.throws(
        () => ProgramCatalog.load(dir),
        (e: Error) =>
          e.message.includes('tmg-merchant') && e.message.includes(field.split('.').pop()!),
      );
    });
  }
});
