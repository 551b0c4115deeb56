// The wizard's step model: which steps a program gets, where a returning user lands, and how the
// reducer moves (pure, no browser).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { initialWizard, railStatus, stepsFor, wizardReducer } from '../../renderer/wizard/model.js';

const catalog = ProgramCatalog.load();

function onboarding(steps: OnboardingDetail['steps']): OnboardingDetail {
  return {
    id: 'x',
    program: 'd1-ecom',
    identifier: 'MGW_000001',
    environment: 'preprod',
    status: 'missing',
    steps,
    nextExpiry: null,
    createdAt: '2026-01-01T00:00:00Z',
    identity: null,
    signedCertificate: null,
    exported: { bundle: null, submittedAt: null },
    assets: [],
    identities: [],
    maxValidityDays: null,
    lastTests: { inbound: null, outbound: null },
  };
}

describe('wizard model', () => {
  it('gives D1 the signed-certificate import and the OAuth step, and the self-signed programs neither', () => {
    assert.deepEqual(
      stepsFor(catalog.get('d1-ecom')).map((s) => s.id),
      ['identity', 'signed', 'oauth', 'thales', 'server', 'test', 'export'],
    );
    assert.deepEqual(
      stepsFor(catalog.get('tsh-classic')).map((s) => s.id),
      ['identity', 'thales', 'server', 'test', 'export'],
    );
    const thales = stepsFor(catalog.get('tsh-classic')).find((s) => s.id === 'thales');
    assert.deepEqual(thales?.id === 'thales' && thales.assets, [
      'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      'TSH_TLS_CLIENT_CERTIFICATE',
      'THALES_CLIENT_CA',
      'TSH_INBOUND_HOST',
    ]);
    const server = stepsFor(catalog.get('d1-ecom')).find((s) => s.id === 'server');
    assert.deepEqual(server?.id === 'server' && server.assets, [
      'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      'ISSUER_HOST',
    ]);
  });

  it('opens on the first step not done, moves within bounds, and reports each step', () => {
    const profile = catalog.get('d1-ecom');
    let state = initialWizard(
      profile,
      onboarding({ identity: 'done', signed: 'done', oauth: 'done', thales: 'failing' }),
    );
    assert.equal(state.steps[state.current].id, 'thales');
    assert.equal(railStatus(state, state.steps[3]), 'failing');
    assert.equal(railStatus(state, state.steps[5]), 'missing');
    state = wizardReducer(state, { type: 'back' });
    assert.equal(state.steps[state.current].id, 'oauth');
    state = wizardReducer(state, { type: 'go', step: 'export' });
    state = wizardReducer(state, { type: 'next' });
    assert.equal(state.steps[state.current].id, 'export');
    state = wizardReducer(state, {
      type: 'updated',
      onboarding: onboarding({ identity: 'done', signed: 'done', oauth: 'done', thales: 'done' }),
    });
    assert.equal(railStatus(state, state.steps[3]), 'done');
    assert.equal(wizardReducer(state, { type: 'go', step: 'signed' }).current, 1);
  });
});
