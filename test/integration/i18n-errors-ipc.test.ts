// A service error crosses IPC with its text as data: the real handlers over a real vault refuse a
// wrong passphrase and a bad identifier, main's dispatch sends the message id and params beside
// the English sentence (checked by the contract's schema), and the page says them in Japanese.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dispatch } from '../../electron/main/dispatch.js';
import { ipcErrorSchema, type IpcError } from '../../shared/ipc-contract.js';
import { loadJapanese } from '../../renderer/i18n/index.js';
import { errorText } from '../../renderer/components/data-text.js';
import { handlersWithoutDialogs, unlockedDesk } from './desk-fixtures.js';

// The app says data in Japanese once its Japanese chunk has loaded (renderer/i18n/index.tsx).
before(() => loadJapanese());

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

const { desk } = await unlockedDesk();
const handlers = handlersWithoutDialogs(desk);
after(() => desk.close());

async function refusal(channel: string, request: unknown): Promise<IpcError> {
  const result = await dispatch(handlers, channel, request);
  assert.equal(result.ok, false, JSON.stringify(result));
  const { error } = result as { ok: false; error: IpcError };
  assert.equal(ipcErrorSchema.safeParse(error).success, true, JSON.stringify(error));
  return error;
}

describe('errors across IPC, in Japanese', () => {
  it('a wrong master passphrase: its id and params go with the English, the page says Japanese', async () => {
    desk.vault.lock();
    const error = await refusal('vault.unlock', { passphrase: 'not the passphrase' });
    assert.equal(error.code, 'wrong-passphrase');
    assert.equal(error.messageId, 'vault.wrong-passphrase');
    assert.equal(error.params?.purpose, 'unlock');
    assert.match(error.message, /^wrong master passphrase/);
    const ja = errorText(error, 'ja');
    assert.match(ja, /マスターパスフレーズが違います/);
    assert.equal(errorText(error, 'en'), error.message);
  });

  it('a bad identifier in a new onboarding: said at its field, with the program label in Japanese', async () => {
    await desk.vault.unlock('correct horse battery');
    const error = await refusal('onboarding.create', {
      program: 'tmg-merchant',
      identifier: 'bad id with spaces',
      environment: 'sandbox',
    });
    assert.equal(error.field, 'identifier');
    assert.equal(error.messageId, 'identifier.invalid');
    const ja = errorText(error, 'ja');
    assert.match(ja, JAPANESE);
    assert.ok(ja.includes('bad id with spaces'), ja);
    assert.doesNotMatch(ja, /is not valid/);
  });
});
