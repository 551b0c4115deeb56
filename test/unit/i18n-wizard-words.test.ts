// The wizard's shared words in Japanese (shared/i18n/wizard-words.ja.json keyed by step id, portal
// asset name and environment id; English stays the one source in shared/): none missing, each one
// Japanese, portal asset names kept as they are; the profile texts the wizard shows (each asset's
// description, the renewal note, where an endpoint comes from) have their Japanese beside the
// English, and a profile missing one fails at load.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ASSET_PLAIN_NAMES, ASSET_WHERE, whereToFind } from '../../shared/asset-words.js';
import {
  assetInSentenceIn,
  assetNameIn,
  environmentNameIn,
  nextStepIn,
  stepLabelIn,
  stepTitleIn,
  whereToFindIn,
} from '../../shared/i18n/wizard-words.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import { ASSET_NAMES, ENVIRONMENT_IDS } from '../../shared/programs/names.js';
import {
  assetDescription,
  endpointSource,
  environmentName,
  renewalText,
} from '../../shared/programs/texts.js';
import { stepLabel, WIZARD_STEP_TITLES, WIZARD_STEPS } from '../../shared/wizard-steps.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { tempDir } from '../helpers/tmp.js';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const PORTAL_NAMES = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
const sorted = (keys: readonly string[]) => [...keys].sort();

/** The portal asset names an English text says, each of which the Japanese must keep. */
function missingNames(english: string, japanese: string): string[] {
  return (english.match(PORTAL_NAMES) ?? []).filter((n) => !japanese.includes(n));
}

describe('wizard words in Japanese', () => {
  const catalog = ProgramCatalog.load();

  it('has every step, environment and asset, each in Japanese', () => {
    assert.deepEqual(
      sorted(Object.keys(JAPANESE_TEXTS.wizardWords.environments)),
      sorted(ENVIRONMENT_IDS),
    );
    for (const table of [
      JAPANESE_TEXTS.wizardWords.assetNames,
      JAPANESE_TEXTS.wizardWords.assetWhere,
    ])
      assert.deepEqual(sorted(Object.keys(table)), sorted(ASSET_NAMES));
    for (const step of WIZARD_STEPS) {
      assert.equal(stepTitleIn('en', step), WIZARD_STEP_TITLES[step]);
      if (step !== 'oauth') assert.match(stepTitleIn('ja', step), JAPANESE, step);
    }
    for (const asset of ASSET_NAMES) {
      assert.equal(assetNameIn(null, asset), ASSET_PLAIN_NAMES[asset]);
      if (asset !== 'THALES_CLIENT_CA')
        assert.match(assetNameIn(JAPANESE_TEXTS, asset), JAPANESE, asset);
      assert.equal(assetInSentenceIn(JAPANESE_TEXTS, asset), assetNameIn(JAPANESE_TEXTS, asset));
      for (const via of ['portal', 'representative'] as const) {
        const ja = JAPANESE_TEXTS.wizardWords.assetWhere[asset][via];
        assert.match(ja, JAPANESE, `${asset} ${via}`);
        assert.deepEqual(missingNames(ASSET_WHERE[asset][via], ja), [], `${asset} ${via}`);
        assert.equal(
          ja.includes('{portal}'),
          ASSET_WHERE[asset][via].includes('{portal}'),
          `${asset} ${via}: {portal} in both or neither`,
        );
      }
    }
  });

  it('one spelling per environment in Japanese too: the profiles use the same names', () => {
    for (const profile of catalog.list())
      for (const env of profile.environments)
        assert.equal(
          environmentName(env, 'ja'),
          environmentNameIn(JAPANESE_TEXTS, env.id),
          profile.id,
        );
  });

  it('numbers steps as the program wizard does, and words the where and next lines per program', () => {
    const d1 = catalog.get('d1-ecom');
    const tsh = catalog.get('tsh-classic');
    const tmg = catalog.get('tmg-merchant');
    assert.equal(stepLabelIn('en', d1, 'server'), stepLabel(d1, 'server'));
    assert.equal(stepLabelIn('ja', d1, 'server'), 'ステップ 5「自社サーバー」');
    assert.equal(stepLabelIn('ja', tsh, 'server'), 'ステップ 3「自社サーバー」');
    for (const profile of [d1, tsh, tmg])
      for (const asset of ASSET_NAMES) {
        assert.equal(whereToFindIn(null, asset, profile), whereToFind(asset, profile));
        assert.doesNotMatch(whereToFindIn(JAPANESE_TEXTS, asset, profile), /\{portal\}/);
      }
    assert.match(
      whereToFindIn(JAPANESE_TEXTS, 'TSH_TLS_CLIENT_CERTIFICATE', tsh),
      /^TSH ポータルで/,
    );
    assert.match(
      whereToFindIn(JAPANESE_TEXTS, 'TSH_TLS_CLIENT_CERTIFICATE', tmg),
      /^Thales ポータルで/,
    );
    assert.match(whereToFindIn(JAPANESE_TEXTS, 'THALES_CLIENT_CA', d1), /D1 Portal for Issuer/);
    const next = nextStepIn(JAPANESE_TEXTS, 'CUSTOMER_TLS_CLIENT_CERTIFICATE', tsh.portal);
    assert.match(next.where, /^TSH ポータルで.*CUSTOMER_TLS_CLIENT_CERTIFICATE/);
    assert.equal(
      nextStepIn(JAPANESE_TEXTS, 'CUSTOMER_CSR', null).title,
      JAPANESE_TEXTS.wizardWords.nextStep.csrTitle,
    );
  });

  it('every asset description, renewal note and endpoint source has its Japanese', () => {
    for (const profile of catalog.list()) {
      assert.match(renewalText(profile, 'ja'), JAPANESE, `${profile.id} renewal`);
      assert.equal(renewalText(profile, 'en'), profile.renewal);
      for (const asset of profile.assets) {
        const ja = assetDescription(asset, 'ja');
        assert.match(ja, JAPANESE, `${profile.id} ${asset.name}`);
        assert.deepEqual(missingNames(asset.description, ja), [], `${profile.id} ${asset.name}`);
      }
      for (const env of profile.environments) {
        assert.match(endpointSource(profile, env, 'ja'), JAPANESE, `${profile.id}/${env.id}`);
        if (env.inboundEndpointSource)
          assert.equal(endpointSource(profile, env, 'en'), env.inboundEndpointSource);
      }
    }
  });

  for (const [field, remove] of [
    ['descriptionJa', (p: Record<string, any>) => delete p.assets[0].descriptionJa],
    ['renewalJa', (p: Record<string, any>) => delete p.renewalJa],
    [
      'inboundEndpointSourceJa',
      (p: Record<string, any>) => delete p.environments[0].inboundEndpointSourceJa,
    ],
  ] as const) {
    it(`a profile without ${field} fails at load, naming the field`, () => {
      const dir = tempDir();
      const broken = JSON.parse(readFileSync(join(catalog.programsDir, 'd1-ecom.json'), 'utf8'));
      remove(broken);
      writeFileSync(join(dir, 'd1-ecom.json'), JSON.stringify(broken));
      assert.throws(
        () => ProgramCatalog.load(dir),
        (e: Error) => e.message.includes('d1-ecom') && e.message.includes(field),
      );
    });
  }
});
