// The app words the services' refusals with its own steps and fields, never with the command
// line's options: main's handlers, composed as both shells compose them, answer through dispatch
// exactly what the page shows.
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { composeMain } from '../../electron/main/compose.js';
import { dispatch } from '../../electron/main/dispatch.js';
import { openConfStore } from '../../electron/services/store.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki } from '../helpers/tls-pki.js';

function compose(dataDir: string, files: string[]) {
  return composeMain({
    dataFolder: { current: dataDir, defaultDir: dataDir, fromEnvironment: false },
    store: openConfStore,
    version: 'test',
    kdf: { N: 2 ** 14, r: 8, p: 1 },
    vaultWatchMs: 0,
    dialogs: {
      openFile: async () => files.shift() ?? null,
      saveFile: async () => null,
      openFolder: async () => null,
    },
    emitProgress: () => undefined,
    emitVaultLocked: () => undefined,
  });
}

describe("the app's wording of service refusals", () => {
  it('the connection tester asks for an encrypted key’s passphrase in its own field, not with --passphrase-env', async () => {
    const pki = await createTestPki();
    const dir = tempDir();
    const certFile = join(dir, 'client.pem');
    const keyFile = join(dir, 'client.key');
    writeFileSync(certFile, pki.client.certPem);
    writeFileSync(
      keyFile,
      createPrivateKey(pki.client.keyPem).export({
        type: 'pkcs8',
        format: 'pem',
        cipher: 'aes-256-cbc',
        passphrase: 'key passphrase',
      }),
    );
    const main = compose(tempDir(), [certFile, keyFile]);
    try {
      const chosen = async (purpose: 'certificate' | 'key') => {
        const answer = await dispatch(main.handlers, 'tester.chooseFile', { purpose });
        assert.ok(answer.ok);
        return (answer.value as { file: { id: string } }).file.id;
      };
      const identity = {
        kind: 'files',
        certificateFile: await chosen('certificate'),
        keyFile: await chosen('key'),
      };
      const result = await dispatch(main.handlers, 'tester.run', {
        operationId: 'op-1',
        // Never reached: the identity is read first.
        url: 'https://127.0.0.1:9/',
        identity,
      });
      assert.equal(result.ok, false);
      const { code, message } = (result as { error: { code: string; message: string } }).error;
      assert.equal(code, 'passphrase-required');
      assert.match(
        message,
        /client\.key is an encrypted private key: give its passphrase \(type it in “Key passphrase, if encrypted”\)$/,
      );
      assert.doesNotMatch(message, /--|mtls-desk/);
    } finally {
      main.stop();
    }
  });

  it('a missing OAuth key names the wizard step of the onboarding’s program', async () => {
    const dataDir = tempDir();
    const main = compose(dataDir, []);
    try {
      await main.desk.vault.init('app wording passphrase');
      const created = await dispatch(main.handlers, 'onboarding.create', {
        program: 'd1-ecom',
        identifier: 'MGW_123456',
        environment: 'preprod',
      });
      assert.ok(created.ok, JSON.stringify(created));
      await main.desk.vault.unlock('app wording passphrase');
      const result = await dispatch(main.handlers, 'oauth.confirm', {
        onboardingId: 'd1-ecom/MGW_123456/preprod',
        confirmed: true,
      });
      assert.equal(result.ok, false);
      const { message } = (result as { error: { message: string } }).error;
      assert.match(message, /has no OAuth signing key yet: make one \(step 3, “OAuth”\)$/);
      assert.doesNotMatch(message, /--|mtls-desk/);
    } finally {
      main.stop();
    }
  });
});
