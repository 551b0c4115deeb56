// Key generation never blocks the event loop: an RSA 4096 key is made while timers keep firing.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { generateKey } from '../../electron/services/keys.js';

describe('key generation', () => {
  it('RSA 4096 generation leaves the event loop free', async () => {
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    const key = await generateKey('rsa-4096');
    const elapsed = Date.now() - started;
    clearInterval(timer);
    histogram.disable();
    assert.equal(key.privateKey.asymmetricKeyDetails?.modulusLength, 4096);
    // A blocking generation would starve the timer for the whole run (hundreds of ms at least).
    assert.ok(histogram.max / 1e6 < 150, `event loop blocked for ${histogram.max / 1e6} ms`);
    assert.ok(ticks >= Math.floor(elapsed / 5 / 4), `only ${ticks} timer ticks in ${elapsed} ms`);
  });

  it('every algorithm gives the key it names', async () => {
    const ec = await generateKey('ec-p384');
    assert.equal(ec.privateKey.asymmetricKeyDetails?.namedCurve, 'secp384r1');
    const rsa = await generateKey('rsa-3072');
    assert.equal(rsa.privateKey.asymmetricKeyDetails?.modulusLength, 3072);
    assert.equal(rsa.privateKey.asymmetricKeyDetails?.publicExponent, 65537n);
  });
});
