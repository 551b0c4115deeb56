// Archiving an onboarding from the home list: confirmed first, audited, hidden by default, listed
// again with "Show archived", restored (by Undo or Restore), and kept whole in the inventory.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

it(
  'home: archive an onboarding (confirmed, audited, undoable), Show archived, Restore',
  { timeout: 90_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('archive journey passphrase');
        for (const identifier of ['KEEP1', 'OLD1'])
          d.onboardings.create({ program: 'tsh-classic', identifier, environment: 'prod' });
      },
    });
    const count = (text: string) => page.getByText(text, { exact: true }).waitFor();
    await count('2 of 2 onboardings');
    const old = desk.onboardings.list().find((o) => o.identifier === 'OLD1')!;
    const audited = (event: string) =>
      desk.audit.entries().filter((e) => e.action === event && e.details.onboarding === old.id)
        .length;

    // Asked first: Cancel changes nothing.
    await page.getByTitle('Archive OLD1…').click();
    const confirm = page.getByRole('alertdialog', { name: 'Archive an onboarding' });
    await confirm.getByText(/^Archive OLD1\? It leaves this list but is kept whole/).waitFor();
    await screenshotSizes(page, 'home-6-archive-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await confirm.count(), 0);
    assert.equal(audited('onboarding.archived'), 0);
    assert.equal(desk.onboardings.list().find((o) => o.id === old.id)!.archived, false);

    // Confirmed: gone from the list, audited, with Undo.
    await page.getByTitle('Archive OLD1…').click();
    await confirm.getByRole('button', { name: 'Archive OLD1' }).click();
    await count('1 of 2 onboardings');
    await page.getByText('OLD1 archived.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'OLD1', exact: true }).count(), 0);
    assert.equal(audited('onboarding.archived'), 1);
    assert.equal(desk.onboardings.list().find((o) => o.id === old.id)!.archived, true);
    await screenshotSizes(page, 'home-7-archived');
    await page.getByRole('button', { name: 'Undo' }).click();
    await count('2 of 2 onboardings');
    assert.equal(audited('onboarding.restored'), 1);
    assert.equal(desk.onboardings.list().find((o) => o.id === old.id)!.archived, false);

    // Archived again, then listed with "Show archived" (marked) and restored from its row.
    await page.getByTitle('Archive OLD1…').click();
    await confirm.getByRole('button', { name: 'Archive OLD1' }).click();
    await count('1 of 2 onboardings');
    await page.getByRole('checkbox', { name: 'Show archived' }).check();
    await count('2 of 2 onboardings');
    const row = page.getByRole('row').filter({
      has: page.getByRole('button', { name: 'OLD1', exact: true }),
    });
    await row.getByText('archived', { exact: true }).waitFor();
    await screenshotSizes(page, 'home-8-show-archived');
    await row.getByTitle('Restore OLD1').click();
    await page.getByText('OLD1 restored.').waitFor();
    await page.getByRole('checkbox', { name: 'Show archived' }).uncheck();
    await count('2 of 2 onboardings');
    assert.equal(audited('onboarding.archived'), 2);
    assert.equal(audited('onboarding.restored'), 2);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
