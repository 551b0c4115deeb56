// Settings and the vault lock: the three expiry warnings and the auto-lock time validated on the
// page and in main, saved and read back; the data folder chosen for the next start (said so on
// screen, recorded where the next start reads it); the idle lock pushed from main to the page at
// once; a call refused because the vault is locked brings up the unlock screen.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { resolveDataFolder } from '../../electron/main/data-folder.js';
import { tempDir } from '../helpers/tmp.js';
import { invoke, launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const PASSPHRASE = 'settings journey passphrase';

it(
  'expiry warnings, auto-lock and the data folder: validated, saved, and the idle lock shows the unlock screen at once',
  { timeout: 90_000 },
  async () => {
    const dataDir = tempDir();
    const defaultDataDir = tempDir();
    const chosen = tempDir();
    const aFile = join(tempDir(), 'not-a-folder');
    writeFileSync(aFile, 'x');
    let skewMs = 0;
    const { page, desk } = await openDeskApp(browser, {
      dataDir,
      defaultDataDir,
      outDir: tempDir(),
      folderAnswers: [aFile, chosen],
      clock: { now: () => new Date(Date.now() + skewMs) },
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
      },
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    const first = page.getByRole('spinbutton', { name: 'First warning' });
    const second = page.getByRole('spinbutton', { name: 'Second warning' });
    const last = page.getByRole('spinbutton', { name: 'Last warning' });
    const autoLock = page.getByRole('spinbutton', {
      name: 'Lock the vault after this many idle minutes',
    });
    assert.deepEqual(
      [
        await first.inputValue(),
        await second.inputValue(),
        await last.inputValue(),
        await autoLock.inputValue(),
      ],
      ['90', '30', '7', '15'],
    );
    const save = page.getByRole('button', { name: 'Save settings' });

    // Each problem beside its field, and nothing saved while one remains.
    await first.fill('400');
    await page.getByText('First warning: a whole number of days from 1 to 365.').waitFor();
    assert.equal(await first.getAttribute('aria-invalid'), 'true');
    assert.equal(await save.isDisabled(), true);
    await first.fill('60');
    await second.fill('75');
    await page
      .getByText(
        'Each warning comes fewer days before expiry than the one before it (for example 90, 30, 7).',
      )
      .waitFor();
    assert.equal(await save.isDisabled(), true);
    await second.fill('20');
    await last.fill('5');
    await autoLock.fill('1441');
    await page.getByText('Auto-lock: a whole number of minutes from 0 (never) to 1440.').waitFor();
    assert.equal(await save.isDisabled(), true);
    await screenshot(page, 'settings-1-invalid');
    await autoLock.fill('2');
    await save.click();
    await page.getByText('Saved.').waitFor();
    assert.deepEqual(desk.settings.get(), {
      autoLockMinutes: 2,
      expiryWarningDays: [60, 20, 5],
      pkcs11Modules: [],
    });

    // Main holds the same rules whatever the page sends.
    const bad = await invoke(page, 'settings.update', {
      expiryWarningDays: [5, 20, 60],
      autoLockMinutes: 2,
    });
    assert.equal(bad.error.code, 'bad-request');
    assert.match(bad.error.message, /fewer days before expiry than the one before it/);
    const tooLong = await invoke(page, 'settings.update', { autoLockMinutes: 5000 });
    assert.match(tooLong.error.message, /at most 1440 minutes/);
    assert.deepEqual(desk.settings.get(), {
      autoLockMinutes: 2,
      expiryWarningDays: [60, 20, 5],
      pkcs11Modules: [],
    });

    // Read back from the store, not from the page's memory.
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    assert.deepEqual(
      [
        await first.inputValue(),
        await second.inputValue(),
        await last.inputValue(),
        await autoLock.inputValue(),
      ],
      ['60', '20', '5', '2'],
    );

    // The data folder: a file is refused, a folder is recorded for the next start and said so.
    assert.equal(await page.getByTestId('data-dir').textContent(), dataDir);
    await page.getByRole('button', { name: 'Choose another data folder…' }).click();
    await page
      .getByRole('alert')
      .getByText(`${aFile} is a file, not a folder: choose a folder`)
      .waitFor();
    await page.getByRole('button', { name: 'Choose another data folder…' }).click();
    await page.getByText(`After you restart mTLS Desk it will use ${chosen}.`).waitFor();
    assert.equal(
      resolveDataFolder({}, defaultDataDir).current,
      chosen,
      'the next start opens the chosen folder',
    );
    assert.equal(
      resolveDataFolder({ MTLS_DESK_DATA_DIR: dataDir }, defaultDataDir).current,
      dataDir,
      'the environment still wins',
    );
    assert.equal(desk.dataDir, dataDir, 'this run keeps its folder');
    await screenshot(page, 'settings-2-data-folder');
    await page.getByText('Nothing is moved: copy the current folder there first').waitFor();
    await page.getByRole('button', { name: 'Use the default folder' }).click();
    await page.getByText(`After you restart mTLS Desk it will use ${defaultDataDir}.`).waitFor();
    assert.equal(resolveDataFolder({}, defaultDataDir).current, defaultDataDir);

    // Idle for longer than the auto-lock time: main locks the vault and the page follows at once.
    await page.getByRole('button', { name: 'Onboardings' }).click();
    // Main pushes the lock: the page follows before its own 30 s poll could notice.
    skewMs = 3 * 60_000;
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor({ timeout: 20_000 });
    await page
      .getByText(
        'The vault locked itself after 2 idle minutes. Unlock it to continue where you left off.',
      )
      .waitFor();
    assert.equal(desk.vault.status().unlocked, false);
    await screenshot(page, 'settings-3-idle-locked');
    await page.getByLabel('Master passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Onboardings' }).waitFor();
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'a call refused because the vault is locked brings up the unlock screen, then returns to the same step',
  { timeout: 60_000 },
  async () => {
    // No watcher: the page learns of the lock only from the refused call.
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      vaultWatchMs: 0,
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'LOCK1',
          environment: 'preprod',
        });
      },
    });
    await page.getByRole('button', { name: 'LOCK1' }).click();
    await page.getByLabel(/Common Name \(CN\), exactly as/).fill('LOCK1-PREPROD');
    desk.vault.lock();
    await page.getByRole('button', { name: 'Generate key and self-signed certificate' }).click();
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    await page
      .getByText(
        'The vault is locked, so that could not be done. Unlock it to continue where you left off.',
      )
      .waitFor();
    assert.deepEqual(desk.vault.keys(), []);
    assert.deepEqual(desk.onboardings.get(desk.onboardings.list()[0].id).record.identities, []);
    await page.getByLabel('Master passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await page.getByLabel(/Common Name \(CN\), exactly as/).fill('LOCK1-PREPROD');
    await page.getByRole('button', { name: 'Generate key and self-signed certificate' }).click();
    await page.getByText(/Key EC P-256 \(prime256v1\) generated and kept in the vault/).waitFor();
    assert.equal(desk.vault.keys().length, 1);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
