// Deleting an onboarding from the home list: confirmed by typing its identifier (the button says
// why it waits), audited, undone with Undo, listed under "Recently deleted" with Restore, and
// purged for good there (typed again): its vault key is then gone. The list uses the window's
// width at 1024, 1920 and 2560 pixels.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

it(
  'home: delete an onboarding (typed confirmation, audited, Undo), Recently deleted, Restore, Purge with its key',
  { timeout: 120_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('delete journey passphrase');
        for (const identifier of ['KEEP1', 'OLD1'])
          d.onboardings.create({ program: 'tsh-classic', identifier, environment: 'prod' });
        await d.identity.generate({
          onboardingId: 'tsh-classic/OLD1/prod',
          algorithm: 'ec-p256',
          commonName: 'OLD1 client',
        });
      },
    });
    const id = 'tsh-classic/OLD1/prod';
    const keyId = desk.onboardings.get(id).current!.keyId;
    const keyState = () => desk.vault.keys(true).find((k) => k.id === keyId);
    const audited = (action: string) =>
      desk.audit.entries().filter((e) => e.action === action && e.details.onboarding === id).length;
    const count = (text: string) => page.getByText(text, { exact: true }).waitFor();
    await count('2 of 2 onboardings');
    const wide = page.viewportSize()!;
    await page.setViewportSize({ width: 2560, height: 1440 });
    await screenshot(page, 'home-layout-2560x1440');
    // The list fills the window: no 1100-pixel column with the rest empty.
    const listWidth = await page
      .locator('.table')
      .evaluate((el) => el.getBoundingClientRect().width);
    assert.ok(listWidth > 2000, `the list is ${listWidth} px wide in a 2560 px window`);
    await page.setViewportSize(wide);

    // Asked first, the identifier typed: the button waits and says why; Cancel changes nothing.
    await page.getByTitle('Delete OLD1…').click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete an onboarding' });
    const confirmButton = dialog.getByRole('button', { name: 'Delete OLD1' });
    assert.equal(await confirmButton.isDisabled(), true);
    const reason = await confirmButton.getAttribute('aria-describedby');
    assert.equal(await page.locator(`[id="${reason}"]`).textContent(), 'Type OLD1 exactly first.');
    await dialog.getByLabel('Type OLD1 to confirm').fill('OLD');
    assert.equal(await confirmButton.isDisabled(), true);
    await screenshotSizes(page, 'home-9-delete-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await dialog.count(), 0);
    assert.equal(audited('onboarding.deleted'), 0);

    // Deleted: gone from the list, audited, its key put aside; Undo brings both back.
    await page.getByTitle('Delete OLD1…').click();
    await dialog.getByLabel('Type OLD1 to confirm').fill('OLD1');
    await confirmButton.click();
    await page.getByText('OLD1 deleted.').waitFor();
    await count('1 of 1 onboardings');
    assert.equal(audited('onboarding.deleted'), 1);
    assert.notEqual(keyState()!.deletedAt, null);
    await screenshotSizes(page, 'home-10-deleted');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('OLD1 restored.').waitFor();
    await count('2 of 2 onboardings');
    assert.equal(audited('onboarding.undeleted'), 1);
    assert.equal(keyState()!.deletedAt, null);

    // Deleted again, then under Recently deleted: Restore, then Purge for good.
    await page.getByTitle('Delete OLD1…').click();
    await dialog.getByLabel('Type OLD1 to confirm').fill('OLD1');
    await confirmButton.click();
    await count('1 of 1 onboardings');
    await page.getByText('Recently deleted (1)').click();
    const bin = page.getByRole('table', { name: 'Recently deleted onboardings' });
    await bin.getByText(id).waitFor();
    await screenshotSizes(page, 'home-11-recently-deleted');
    await bin.getByRole('button', { name: 'Purge OLD1…' }).click();
    const purge = page.getByRole('alertdialog', { name: 'Purge an onboarding' });
    await purge.getByLabel('Type OLD1 to confirm').fill('OLD1');
    await purge.getByRole('button', { name: 'Purge OLD1' }).click();
    await page.getByText('OLD1 purged for good, with 1 key of the vault.').waitFor();
    await page.getByText(/Recently deleted \(/).waitFor({ state: 'detached' });
    assert.equal(keyState(), undefined);
    assert.equal(audited('onboarding.purged'), 1);
    assert.equal(desk.onboardings.listDeleted().length, 0);
    await screenshotSizes(page, 'home-12-purged');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
