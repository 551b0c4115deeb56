// The key-material watch every journey relies on for "only key ids cross to the page": it finds a
// vault key in any of the encodings a leak could take, stays quiet on what the app really sends
// (certificates, public keys, onboarding views), and on the browser shell's transport (the HTTP
// answer, the event stream) holds a leaking answer or event back and records it as a renderer
// error, which every journey asserts empty.
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { dispatch, type Handlers } from '../../electron/main/dispatch.js';
import { createHandlers } from '../../electron/main/handlers.js';
import { UserError } from '../../electron/services/errors.js';
import { openDesk } from '../../electron/services/desk.js';
import { openConfStore } from '../../electron/services/store.js';
import { tempDir } from '../helpers/tmp.js';
import {
  invoke,
  KeyMaterialWatch,
  launchChromium,
  openRenderer,
  rendererErrors,
  TEST_KDF,
  type Push,
} from './bridge.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function deskWithKeys() {
  const dataDir = tempDir();
  const desk = openDesk({ dataDir, store: openConfStore(dataDir), kdf: TEST_KDF });
  await desk.vault.init('guard test passphrase');
  const ec = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'GUARD1',
    environment: 'preprod',
  });
  await desk.identity.generate({
    onboardingId: ec.id,
    algorithm: 'ec-p384',
    commonName: 'GUARD1-PREPROD',
  });
  const rsa = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'GUARD2',
    environment: 'prod',
  });
  await desk.identity.generate({
    onboardingId: rsa.id,
    algorithm: 'rsa-2048',
    commonName: 'GUARD2-PROD',
  });
  const keys = new KeyMaterialWatch(desk);
  await keys.learn();
  return { desk, keys, onboardings: [ec.id, rsa.id] };
}

it(
  'finds a vault key as PEM, base64 at any offset, base64url and hex, and not in certificates, public keys or real answers',
  { timeout: 60_000 },
  async () => {
    const { desk, keys, onboardings } = await deskWithKeys();
    assert.equal(keys.keys, 2);
    for (const { id } of desk.vault.keys()) {
      const { pem, der, jwk, spkiPem } = await desk.vault.withPrivateKey(id, (key) => ({
        pem: key.export({ type: 'pkcs8', format: 'pem' }) as string,
        der: key.export({ type: 'pkcs8', format: 'der' }),
        jwk: key.export({ format: 'jwk' }),
        spkiPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string,
      }));
      const body = pem
        .split('\n')
        .filter((l) => !l.startsWith('-----'))
        .join('\n');
      assert.equal(keys.leakIn(JSON.stringify({ value: pem })), 'a PEM private key');
      assert.equal(
        keys.leakIn(JSON.stringify({ value: body })),
        `a slice of the private key ${id}`,
        'PEM body without its armour, lines as JSON escapes',
      );
      for (let offset = 0; offset < 5; offset++) {
        assert.equal(
          keys.leakIn(der.subarray(offset).toString('base64')),
          `a slice of the private key ${id}`,
          `base64 from byte ${offset}`,
        );
      }
      assert.equal(
        keys.leakIn(JSON.stringify({ d: jwk.d })),
        `a slice of the private key ${id}`,
        'JWK d (base64url)',
      );
      assert.equal(
        keys.leakIn(`evidence ${der.toString('hex')}`),
        `a slice of the private key ${id}`,
        'hex',
      );
      assert.equal(
        keys.leakIn(der.toString('hex').toUpperCase()),
        `a slice of the private key ${id}`,
        'HEX',
      );
      assert.equal(
        keys.leakIn(JSON.stringify({ spkiPem, x: jwk.x, n: jwk.n })),
        null,
        'the public key is not a secret',
      );
    }
    const handlers = createHandlers({
      desk,
      dataFolder: { current: desk.dataDir, defaultDir: desk.dataDir, fromEnvironment: false },
      version: 'guard',
      clock: () => new Date(),
      dialogs: {
        openFile: async () => null,
        saveFile: async () => null,
        openFolder: async () => null,
      },
      emitProgress: () => undefined,
    });
    for (const id of onboardings) {
      const answer = JSON.stringify(await dispatch(handlers, 'onboarding.get', { id }));
      assert.match(answer, /BEGIN CERTIFICATE/, 'the answer carries the certificate');
      assert.equal(keys.leakIn(answer), null);
    }
  },
);

it(
  'in the page: a leaking answer is held back and a leaking event is not sent, both recorded as renderer errors',
  { timeout: 60_000 },
  async () => {
    const { desk, keys } = await deskWithKeys();
    const [{ id }] = desk.vault.keys();
    const pem = await desk.vault.withPrivateKey(
      id,
      (key) => key.export({ type: 'pkcs8', format: 'pem' }) as string,
    );
    let push: Push | null = null;
    const refuse = async () => {
      throw new UserError('not-found', 'not in this test');
    };
    const handlers = new Proxy(
      {},
      {
        get: (_t, channel) =>
          channel === 'app.info'
            ? async () => ({ version: pem, dataDir: '/', services: { vault: true, probe: true } })
            : refuse,
      },
    ) as Handlers;
    const page = await openRenderer(
      browser,
      (_emit, p) => {
        push = p;
        return handlers;
      },
      { keys },
    );
    // A second listener on the page's event stream, as the renderer's transport listens.
    await page.evaluate(() => {
      const seen: unknown[] = [];
      (window as any).__progressSeen = seen;
      const events = new EventSource('/events');
      events.addEventListener('mtls-desk:progress', (m) => seen.push(JSON.parse(m.data)));
      return new Promise((resolve) => events.addEventListener('open', resolve));
    });
    const answer = await invoke(page, 'app.info', {});
    assert.deepEqual(answer, {
      ok: false,
      error: {
        code: 'key-material',
        message: 'the answer to app.info carried key material and was held back',
      },
    });
    push!.progress({ operationId: 'op-1', phase: pem, fraction: null });
    push!.progress({ operationId: 'op-2', phase: 'harmless', fraction: 0.5 });
    await page.waitForFunction(() => (window as any).__progressSeen.length > 0);
    assert.deepEqual(await page.evaluate(() => (window as any).__progressSeen), [
      { operationId: 'op-2', phase: 'harmless', fraction: 0.5 },
    ]);
    const leaks = rendererErrors(page).filter((e) => e.startsWith('key material'));
    assert.deepEqual(leaks, [
      'key material crossed to the page in the answer to app.info: a PEM private key',
      'key material crossed to the page in the progress event: a PEM private key',
    ]);
    await page.close();
  },
);
