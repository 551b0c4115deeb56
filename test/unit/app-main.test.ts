// Main-side helpers of the app without Electron: the data folder chosen for the next start (real
// files in a temp folder), the wizard-step wording of refusals per program, and how errors cross IPC.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stepLabel, stepOfAsset } from '../../shared/wizard-steps.js';
import {
  chooseDataFolder,
  holdsVault,
  nextDataFolder,
  resolveDataFolder,
} from '../../electron/main/data-folder.js';
import { ipcErrorSchema } from '../../shared/ipc-contract.js';
import { dispatch, type Handlers } from '../../electron/main/dispatch.js';
import { UserError } from '../../electron/services/errors.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { tempDir } from '../helpers/tmp.js';

const catalog = ProgramCatalog.load();

describe('data folder for the next start', () => {
  it('records a writable folder, keeps this run on its own, lets the environment win, and goes back to the default', () => {
    const defaultDir = join(tempDir(), 'userData');
    const chosen = tempDir();
    const folder = resolveDataFolder({}, defaultDir);
    assert.deepEqual(folder, { current: defaultDir, defaultDir, fromEnvironment: false });
    chooseDataFolder(folder, chosen);
    assert.equal(
      JSON.parse(readFileSync(join(defaultDir, 'data-folder.json'), 'utf8')).dataDir,
      chosen,
    );
    assert.equal(nextDataFolder(folder), chosen);
    assert.equal(resolveDataFolder({}, defaultDir).current, chosen);
    assert.equal(
      resolveDataFolder({ MTLS_DESK_DATA_DIR: '/elsewhere' }, defaultDir).current,
      '/elsewhere',
    );
    assert.equal(
      nextDataFolder(resolveDataFolder({ MTLS_DESK_DATA_DIR: '/elsewhere' }, defaultDir)),
      '/elsewhere',
    );
    chooseDataFolder(folder, null);
    assert.equal(resolveDataFolder({}, defaultDir).current, defaultDir);
  });

  it('refuses a relative path, a file and a folder it cannot write to, and keeps the previous choice', () => {
    const defaultDir = tempDir();
    const folder = resolveDataFolder({}, defaultDir);
    const good = tempDir();
    chooseDataFolder(folder, good);
    const file = join(tempDir(), 'f');
    writeFileSync(file, 'x');
    const readOnly = join(tempDir(), 'ro');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    assert.throws(() => chooseDataFolder(folder, 'relative/dir'), /is not a full path/);
    assert.throws(() => chooseDataFolder(folder, file), /is a file, not a folder/);
    assert.throws(
      () => chooseDataFolder(folder, join(defaultDir, 'missing')),
      /cannot write in .*ENOENT/,
    );
    if (process.getuid?.() !== 0)
      assert.throws(() => chooseDataFolder(folder, readOnly), /cannot write in .*EACCES/);
    assert.equal(nextDataFolder(folder), good);
  });

  it('ignores a damaged choice file (the default is safe) and tells a folder holding a vault', () => {
    const defaultDir = tempDir();
    writeFileSync(join(defaultDir, 'data-folder.json'), '{"dataDir": 42');
    assert.equal(resolveDataFolder({}, defaultDir).current, defaultDir);
    const withVault = tempDir();
    assert.equal(holdsVault(withVault), false);
    mkdirSync(join(withVault, 'vault'));
    writeFileSync(join(withVault, 'vault', 'vault.json'), '{}');
    assert.equal(holdsVault(withVault), true);
  });
});

describe('refusals worded as wizard steps', () => {
  it('numbers the steps as each program shows them and puts every asset in its step', () => {
    const tsh = catalog.get('tsh-classic');
    const d1 = catalog.get('d1-ecom');
    assert.equal(stepLabel(tsh, stepOfAsset(tsh, 'ISSUER_HOST')), 'step 3, “Your server”');
    assert.equal(stepLabel(d1, stepOfAsset(d1, 'ISSUER_HOST')), 'step 5, “Your server”');
    assert.equal(stepLabel(d1, stepOfAsset(d1, 'CUSTOMER_CSR')), 'step 1, “Client identity”');
    assert.equal(
      stepLabel(d1, stepOfAsset(d1, 'THALES_SIGNED_CLIENT_CERTIFICATE')),
      'step 2, “Thales-signed certificate”',
    );
    assert.equal(
      stepLabel(tsh, stepOfAsset(tsh, 'TSH_TLS_SERVER_CERTIFICATE_CHAIN')),
      'step 2, “Thales assets”',
    );
    assert.equal(
      stepLabel(tsh, stepOfAsset(tsh, 'CUSTOMER_TLS_CLIENT_CERTIFICATE')),
      'step 1, “Client identity”',
    );
  });
});

describe('errors crossing IPC', () => {
  const unused = async () => {
    throw new Error('not called');
  };
  const handlersWith = (getOnboarding: (request: { id: string }) => Promise<never>) =>
    new Proxy(
      {},
      { get: (_t, channel) => (channel === 'onboarding.get' ? getOnboarding : unused) },
    ) as Handlers;

  it('sends an unexpected failure as a generic message with a short id, and logs the detail with that id in main', async (t) => {
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => void logged.push(args));
    const detail =
      'EACCES: permission denied, open /home/alice/.config/mtls-desk/vault/keys/k-123.json';
    const result = await dispatch(
      handlersWith(async () => {
        throw new Error(detail);
      }),
      'onboarding.get',
      { id: 'o-1' },
    );
    assert.equal(result.ok, false);
    const { code, message } = (result as Extract<typeof result, { ok: false }>).error;
    assert.equal(code, 'internal');
    const errorId = /report error ([0-9a-f]{8}) /.exec(message)?.[1];
    assert.ok(errorId, message);
    assert.doesNotMatch(message, /EACCES|alice|k-123/);
    assert.equal(logged.length, 1);
    assert.match(
      String(logged[0][0]),
      new RegExp(`onboarding\\.get failed \\(error ${errorId}\\)`),
    );
    assert.equal((logged[0][1] as Error).message, detail);
    // Each failure gets its own id.
    const again = await dispatch(
      handlersWith(async () => {
        throw new Error(detail);
      }),
      'onboarding.get',
      { id: 'o-1' },
    );
    assert.notEqual(
      /report error ([0-9a-f]{8}) /.exec(
        (again as Extract<typeof again, { ok: false }>).error.message,
      )?.[1],
      errorId,
    );
  });

  it('passes a UserError through with its code and its message, and logs nothing', async (t) => {
    const logged: unknown[][] = [];
    t.mock.method(console, 'error', (...args: unknown[]) => void logged.push(args));
    const message = 'there is no onboarding o-1: list them with “Onboardings”';
    const result = await dispatch(
      handlersWith(async () => {
        throw new UserError('not-found', message);
      }),
      'onboarding.get',
      { id: 'o-1' },
    );
    assert.deepEqual(result, { ok: false, error: { code: 'not-found', message } });
    assert.deepEqual(logged, []);
  });

  it('sends the field and need a UserError is about (only those: no findings, no other details)', async () => {
    const result = await dispatch(
      handlersWith(async () => {
        throw new UserError('conflict', 'onboarding X already exists: open it', {
          need: 'show-onboarding',
          field: 'identifier',
          onboardingId: 'tsh-classic/X/prod',
          findings: [],
        });
      }),
      'onboarding.get',
      { id: 'o-1' },
    );
    assert.deepEqual(result, {
      ok: false,
      error: {
        code: 'conflict',
        message: 'onboarding X already exists: open it',
        field: 'identifier',
        need: 'show-onboarding',
      },
    });
    assert.equal(ipcErrorSchema.safeParse((result as { error: unknown }).error).success, true);
  });

  it("names the request's input a schema refusal is about, with its sentence alone", async () => {
    const result = await dispatch(
      handlersWith(async () => undefined as never),
      'vault.unlock',
      {
        passphrase: 'x'.repeat(5000),
      },
    );
    assert.equal(result.ok, false);
    const { code, field, message } = (result as Extract<typeof result, { ok: false }>).error;
    assert.equal(code, 'bad-request');
    assert.equal(field, 'passphrase');
    assert.doesNotMatch(message, /vault\.unlock|passphrase:/);
  });
});
