// Every fix read on a screen names what that screen has: the tester never sends people to "the
// probe", a PKCS#12 input or a CLI flag; trust problems point at its "Trust a CA file…" button; an
// onboarding's outbound check talks about the customer's own server, not the Thales chain.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { DIAGNOSIS_IDS, fixFor } from '../../shared/diagnoses.js';

it('tester fixes name only the controls the tester has', () => {
  for (const id of DIAGNOSIS_IDS) {
    const fix = fixFor(id, 'tester', 'inbound');
    assert.doesNotMatch(fix, /\bthe probe\b|(^|\s)--[a-z]/, id);
  }
  for (const id of [
    'server-cert-untrusted',
    'server-root-untrusted',
    'server-chain-incomplete',
    'program-root-unavailable',
  ] as const)
    assert.match(fixFor(id, 'tester', 'inbound'), /Trust a CA file…/, id);
  assert.match(fixFor('client-cert-required', 'tester', 'inbound'), /Client identity/);
  // The tester has a PKCS#12 input: its fix offers it.
  assert.match(fixFor('client-cert-required', 'tester', 'inbound'), /From a PKCS#12 file/);
});

it('fixes differ by direction where the problem is on the other side', () => {
  const inbound = fixFor('server-cert-untrusted', 'onboarding', 'inbound');
  const outbound = fixFor('server-cert-untrusted', 'onboarding', 'outbound');
  assert.notEqual(inbound, outbound);
  assert.match(inbound, /server chain Thales gave you/);
  assert.doesNotMatch(outbound, /Thales gave you/);
  assert.match(outbound, /your server/);
  for (const id of DIAGNOSIS_IDS)
    assert.doesNotMatch(fixFor(id, 'onboarding', 'inbound'), /\bthe probe\b/, id);
});
