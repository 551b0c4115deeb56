// Loading a PKCS#11 module runs its code in main, so a page request may name only a module in the
// configured list or a known system location, and a module joins the list only as a library file
// that other users cannot change.
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { dispatch, type Handlers } from '../../electron/main/dispatch.js';
import { openDesk, type Desk } from '../../electron/services/desk.js';
import { openConfStore } from '../../electron/services/store.js';
import { tempDir } from '../helpers/tmp.js';
import { handlersWithoutDialogs } from './desk-fixtures.js';

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';
const dataDir = tempDir('mtls-desk-modules-');
const dir = tempDir('mtls-desk-modules-files-');
let desk: Desk;
let handlers: Handlers;

before(() => {
  desk = openDesk({ dataDir, store: openConfStore(dataDir) });
  handlers = handlersWithoutDialogs(desk);
});

async function refused(channel: 'tokens.list' | 'tokens.modules' | 'tokens.keys', request: object) {
  const answer = await dispatch(handlers, channel, request);
  assert.equal(answer.ok, false, JSON.stringify(answer));
  return !answer.ok ? answer.error.message : '';
}

describe('PKCS#11 modules named by the page', () => {
  it('refuses to load a library that is not in the list or a known location', async () => {
    const library = join(dir, 'libelsewhere.so');
    writeFileSync(library, 'not loaded', { mode: 0o644 });
    assert.match(
      await refused('tokens.list', { module: library }),
      /is not in the list of modules: add it on the Tokens screen first/,
    );
    assert.match(
      await refused('tokens.keys', { module: library, token: 't', pin: '1234' }),
      /is not in the list of modules/,
    );
  });

  it('adds to the list only a library file that other users cannot change', async () => {
    assert.match(
      await refused('tokens.modules', { modules: [join(dir, 'missing.so')] }),
      /does not exist/,
    );
    assert.match(await refused('tokens.modules', { modules: [dir] }), /is not a file/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'x', { mode: 0o644 });
    assert.match(await refused('tokens.modules', { modules: [text] }), /is not a shared library/);
    const shared = join(dir, 'libshared.so');
    writeFileSync(shared, 'x');
    chmodSync(shared, 0o666);
    assert.match(
      await refused('tokens.modules', { modules: [shared] }),
      /can be changed by other users, so it is not loaded/,
    );
    assert.deepEqual(desk.settings.get().pkcs11Modules, [], 'nothing was added');
  });

  it('loads a listed module: a copy of SoftHSM2 added to the list answers with its tokens', async (t) => {
    if (!existsSync(SOFTHSM)) return t.skip('SoftHSM2 is not installed');
    const copy = join(dir, 'libsofthsm2-copy.so');
    copyFileSync(SOFTHSM, copy);
    chmodSync(copy, 0o644);
    const added = await dispatch(handlers, 'tokens.modules', { modules: [copy] });
    assert.equal(added.ok, true, JSON.stringify(added));
    const listed = await dispatch(handlers, 'tokens.list', { module: copy });
    assert.equal(listed.ok, true, JSON.stringify(listed));
  });
});
