// Key generation never blocks the event loop: an RSA 4096 key is made while timers keep firing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateKey } from '../../electron/services/keys.js';

describe('key generation', () => {
  it('RSA 4096 generation leaves the event loop free', async () => {
    // Generation runs off the event loop: a callback queued after the call runs before the key
    // arrives. A generation done in the call itself would resolve first (a microtask), and the
    // callback would find the key already there.
    let keyArrived = false;
    const generation = generateKey('rsa-4096').then((key) => ((keyArrived = true), key));
    const ranBeforeKey = await new Promise<boolean>((resolve) =>
      setImmediate(() => resolve(!keyArrived)),
    );
    const key = await generation;
    assert.equal(key.privateKey.asymmetricKeyDetails?.modulusLength, 4096);
    assert.ok(ranBeforeKey, 'the event loop ran while the key was being generated');
  });

  it('every algorithm gives the key it names', async () => {
    const ec = await generateKey('ec-p384');
    assert.equal(ec.privateKey.asymmetricKeyDetails?.namedCurve, 'secp384r1');
    const rsa = await generateKey('rsa-3072');
    assert.equal(rsa.privateKey.asymmetricKeyDetails?.modulusLength, 3072);
    assert.equal(rsa.privateKey.asymmetricKeyDetails?.publicExponent, 65537n);
  });
});
