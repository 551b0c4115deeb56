// The home area in the pseudo-locale (en-XA) and in Japanese: the onboarding list with onboardings
// in every state (expiring, expired, failing, to do, archived, one deleted), its filters, a search
// with no result, the empty list, the archive, delete, restore and purge dialogs, New onboarding
// for each program (with a refused identifier), and the tester's onboarding picker. In en-XA any
// visible text outside ⟦ ⟧ fails, except the data each screen shows (program and environment names
// and summaries from the profiles, marked data-profile; identifiers; ids; Intl dates), and nothing
// overflows its box. In Japanese the same screens are photographed at both sizes
// (test-artifacts/ja/home-*), show the profiles' Japanese texts, and keep no English sentence.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { pseudoChecker, textOutsideCatalogue } from './pseudo.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'pseudo'), { recursive: true });
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(() => browser?.close());

const catalog = ProgramCatalog.load();
const PASSPHRASE = 'pseudo home passphrase';
const DAY_MS = 86_400_000;

/** A clock main reads, moved back while one certificate is made so that it has expired by now. */
function shiftedClock() {
  let offset = 0;
  return {
    clock: { now: () => new Date(Date.now() + offset) },
    shift: (days: number) => {
      offset = days * DAY_MS;
    },
  };
}

/**
 * OLD1's certificate expired 30 days ago; EXP1 expires within the warning days; FAIL1 failed its
 * connection test; TODO_00001 has nothing yet; ARCH1 is archived; GONE1 is deleted.
 */
function filler(shift: (days: number) => void) {
  return async (desk: Desk): Promise<void> => {
    await desk.vault.init(PASSPHRASE);
    const make = (
      program: string,
      identifier: string,
      environment: 'preprod' | 'prod' | 'sandbox',
    ) => desk.onboardings.create({ program, identifier, environment }).id;
    const identity = (onboardingId: string, days: number) =>
      desk.identity.generate({
        onboardingId,
        algorithm: 'ec-p256',
        commonName: `${onboardingId.split('/')[1]}-CN`,
        days,
      });
    shift(-60);
    await identity(make('tsh-classic', 'OLD1', 'preprod'), 30);
    shift(0);
    // Sixty days idle by the clock: the vault would lock itself at its next use.
    desk.vault.lock();
    await desk.vault.unlock(PASSPHRASE);
    await identity(make('tsh-classic', 'EXP1', 'prod'), 25);
    const fail = make('tmg-merchant', 'FAIL1', 'sandbox');
    await identity(fail, 400);
    desk.onboardings.recordTest(fail, {
      direction: 'inbound',
      ok: false,
      summary: 'the server refused the client certificate',
      result: null,
    });
    make('d1-ecom', 'TODO_00001', 'preprod');
    desk.onboardings.setArchived(make('xpay-enablement', 'ARCH1', 'prod'), true);
    const gone = make('tsh-classic', 'GONE1', 'preprod');
    await desk.onboardings.delete(gone, 'GONE1');
  };
}

/**
 * Data on the home screen: names from the profiles, identifiers, the step marks (✓ ! · ✗, shapes
 * beside their words), month ticks, days left (Intl), ids and dates of deleted ones.
 */
const HOME_DATA = [
  '[data-profile]',
  '.mark',
  '.rows [role=cell] button.link:not(.quiet)',
  '.timeline .tick',
  '.when',
  '.recently-deleted tbody td:nth-child(1)',
  '.recently-deleted tbody td:nth-child(2)',
];

/** A locator for a pseudo-locale message: its English text wrapped and lengthened. */
function pseudo(text: string): RegExp {
  return new RegExp(`^⟦${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}·+⟧$`);
}

async function openPicker(page: Page): Promise<void> {
  await page.locator('nav button').nth(1).click();
  await page.locator('input[name="identity"]').nth(1).check();
  await page.locator('.picker input[role=combobox]').waitFor();
}

/** Opens "Recently deleted" (a click on its summary would close it when already open). */
async function openDeleted(page: Page): Promise<void> {
  await page.locator('details.recently-deleted').evaluate((d) => {
    (d as HTMLDetailsElement).open = true;
  });
}

it(
  'pseudo-locale: the home list, its filters and dialogs, new onboarding and the picker show only catalogue text, nothing overflows',
  { timeout: 240_000 },
  async () => {
    const { clock, shift } = shiftedClock();
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'en-XA',
      clock,
      // The clock moves back and forth while the onboardings are made: no idle lock meanwhile.
      vaultWatchMs: 0,
      prepare: filler(shift),
    });
    const { problems, check } = pseudoChecker(page);
    const count = page.locator('p.count');
    await count.filter({ hasText: /^⟦4 of 5 onboardings·+⟧$/ }).waitFor();

    // The list: every state, with the legend, the marks' words and the next expiry (one expired).
    await page.getByText(/⟦expired /).waitFor();
    await page.getByText(pseudo('Recently deleted (1)')).waitFor();
    await openDeleted(page);
    await check('home-list', '#main', HOME_DATA);

    // Archived ones shown (the tag and Restore).
    await page.getByRole('checkbox', { name: /Show archived/ }).check();
    await count.filter({ hasText: /^⟦5 of 5 onboardings·+⟧$/ }).waitFor();
    await page.getByRole('button', { name: pseudo('Restore') }).waitFor();
    await check('home-archived', '#main', HOME_DATA);

    // Filters set: a program, a status, the expiring box, a month of the timeline.
    await page.getByRole('combobox', { name: /Program/ }).selectOption('tsh-classic');
    await page.getByRole('combobox', { name: /Status/ }).selectOption('failing');
    await count.filter({ hasText: /^⟦1 of 5 onboardings·+⟧$/ }).waitFor();
    await page.getByRole('checkbox', { name: /Expiring within/ }).check();
    await page.locator('.timeline button.bucket:not([disabled])').nth(1).click();
    await page.locator('.chip-filter').waitFor();
    await check('home-filters', '#main', HOME_DATA);

    // A search with no result.
    await page.getByRole('button', { name: pseudo('Show every expiry') }).click();
    await page.getByRole('searchbox').fill('NOTHING-LIKE-THIS');
    await page.getByRole('button', { name: pseudo('Clear the filters') }).waitFor();
    await check('home-no-match', '#main', HOME_DATA);
    await page.getByRole('button', { name: pseudo('Clear the filters') }).click();
    await count.filter({ hasText: /^⟦4 of 5 onboardings·+⟧$/ }).waitFor();

    // Archive: asked, then done with Undo.
    await page.getByTitle(pseudo('Archive EXP1…')).click();
    await page.getByRole('alertdialog').waitFor();
    await check('home-archive-confirm', '#main', HOME_DATA);
    await page
      .getByRole('alertdialog')
      .getByRole('button', { name: /Archive EXP1/ })
      .click();
    await page.getByText(/^⟦EXP1 archived\./).waitFor();
    await check('home-archived-note', '#main', HOME_DATA);
    await page.getByRole('button', { name: pseudo('Undo') }).click();
    await page.getByText(pseudo('EXP1 restored.')).waitFor();

    // Delete: the typed confirmation (with its reason), then deleted with Undo.
    await page.getByTitle(pseudo('Delete OLD1…')).click();
    const dialog = page.getByRole('alertdialog', { name: pseudo('Delete an onboarding') });
    await dialog.getByRole('textbox').fill('OLD');
    await check('home-delete-confirm', '#main', HOME_DATA);
    await dialog.getByRole('textbox').fill('OLD1');
    await dialog.getByRole('button', { name: pseudo('Delete OLD1') }).click();
    await page.getByText(/^⟦OLD1 deleted\./).waitFor();
    await page.getByText(pseudo('Recently deleted (2)')).waitFor();
    await openDeleted(page);
    await check('home-deleted', '#main', HOME_DATA);

    // Purge from Recently deleted: the typed confirmation, then purged; restore from there.
    await page.getByRole('button', { name: pseudo('Purge GONE1…') }).click();
    const purge = page.getByRole('alertdialog', { name: pseudo('Purge an onboarding') });
    await check('home-purge-confirm', '#main', HOME_DATA);
    await purge.getByRole('textbox').fill('GONE1');
    await purge.getByRole('button', { name: pseudo('Purge GONE1') }).click();
    await page.getByText(/^⟦GONE1 purged for good/).waitFor();
    await page.getByRole('button', { name: pseudo('Restore OLD1') }).click();
    await page.getByText(/^⟦OLD1 restored\./).waitFor();
    await check('home-purged', '#main', HOME_DATA);

    // New onboarding, each program, with an identifier refused and the reason Create waits.
    await page.getByRole('button', { name: pseudo('New onboarding') }).click();
    for (const profile of catalog.list()) {
      await page.locator(`input[name="program"][value="${profile.id}"]`).check();
      const field = page.getByRole('textbox');
      await field.fill('');
      await check(`new-${profile.id}`, '#main', ['[data-profile]']);
      await field.fill('BAD ID!');
      await page.getByText(/^⟦The .* is not valid: use /).waitFor();
      await check(`new-${profile.id}-refused`, '#main', ['[data-profile]']);
    }
    await page.getByRole('button', { name: pseudo('Cancel') }).click();

    // The picker, in the tester (only the picker is this area's): matches, none, one chosen.
    await openPicker(page);
    const picker = page.locator('.picker');
    const combobox = picker.getByRole('combobox');
    await combobox.click();
    await picker.getByText(/^⟦\d+ onboardings with a client certificate/).waitFor();
    await check('picker-matches', '.picker', ['.picker-list li']);
    await combobox.fill('nothing-like-this');
    await picker.getByText(/^⟦No onboarding with a client certificate has/).waitFor();
    await check('picker-none', '.picker', ['.picker-list li']);
    await combobox.fill('EXP1');
    await page.locator('.picker-list [role=option]').first().click();
    await picker.locator('.picker-chosen').waitFor();
    await check('picker-chosen', '.picker', ['.picker-list li', '.picker-chosen strong']);

    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'the empty list and the picker with no certificate yet, in en-XA and in Japanese',
  { timeout: 90_000 },
  async () => {
    for (const locale of ['en-XA', 'ja-JP']) {
      const { page } = await openDeskApp(browser, {
        dataDir: tempDir(),
        outDir: tempDir(),
        locale,
        prepare: (desk) => desk.vault.init(PASSPHRASE).then(() => undefined),
      });
      const { problems, check } = pseudoChecker(page);
      const empty = page.locator('p.empty');
      await empty.waitFor();
      if (locale === 'en-XA') await check('home-empty', '#main', HOME_DATA);
      else {
        assert.match((await empty.textContent()) ?? '', /^オンボーディングはまだありません。/);
        assert.deepEqual(await englishLeft(page, '#main', HOME_DATA), []);
        await screenshotSizes(page, 'ja/home-empty');
      }
      await openPicker(page);
      const note = page.locator('.picker [role=status]');
      await note
        .filter({
          hasText:
            locale === 'en-XA'
              ? /^⟦No onboarding has a client certificate yet/
              : /^クライアント証明書のあるオンボーディングはまだありません/,
        })
        .waitFor();
      if (locale === 'en-XA') await check('picker-empty', '.picker', []);
      else assert.deepEqual(await englishLeft(page, '.picker', []), []);
      assert.deepEqual(problems, []);
      assert.deepEqual(rendererErrors(page), []);
      await page.close();
    }
  },
);

/** Lines of `selector` (data removed) that read as English sentences: none may be left in Japanese. */
async function englishLeft(
  page: Page,
  selector: string,
  data: readonly string[],
): Promise<string[]> {
  const lines = await textOutsideCatalogue(page, selector, data);
  return lines.filter((line) => /\b(the|and|of|to|with|your|is|no|in|on)\b/i.test(line));
}

it(
  'Japanese: the same screens in Japanese at both sizes, with the profiles’ Japanese texts',
  { timeout: 240_000 },
  async () => {
    const { clock, shift } = shiftedClock();
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
      clock,
      vaultWatchMs: 0,
      prepare: filler(shift),
    });
    const shot = (name: string) => screenshotSizes(page, `ja/home-${name}`);
    const english: string[] = [];
    const noEnglish = async (name: string, selector = '#main', data = HOME_DATA) => {
      for (const line of await englishLeft(page, selector, data)) english.push(`${name}: ${line}`);
    };
    await page.getByRole('heading', { level: 1, name: 'オンボーディング' }).waitFor();
    const count = page.locator('p.count');
    await count.filter({ hasText: '5 件中 4 件のオンボーディング' }).waitFor();
    // Environments as the profiles name them in Japanese; days left and dates from Intl in Japanese.
    await page.getByRole('cell', { name: '本番環境' }).first().waitFor();
    await page.getByRole('cell', { name: 'サンドボックス環境' }).waitFor();
    await page.getByText(/期限切れ \(\d+\s?日前\)/).waitFor();
    await page.getByText('最近削除した項目 (1)').waitFor();
    await openDeleted(page);
    await noEnglish('list');
    await shot('list');

    await page.getByRole('checkbox', { name: 'アーカイブ済みを表示' }).check();
    await count.filter({ hasText: '5 件中 5 件のオンボーディング' }).waitFor();
    await page.getByRole('combobox', { name: 'プログラム' }).selectOption('tsh-classic');
    await page.getByRole('combobox', { name: '状態' }).selectOption('failing');
    await count.filter({ hasText: '5 件中 1 件のオンボーディング' }).waitFor();
    await noEnglish('filters');
    await shot('filters');
    await page.getByRole('searchbox', { name: '識別子を検索' }).fill('NOTHING-LIKE-THIS');
    await page.getByText('これらの条件に一致するオンボーディングはありません。').waitFor();
    await noEnglish('no-match');
    await shot('no-match');
    await page.getByRole('button', { name: '条件をクリア' }).click();
    await count.filter({ hasText: '5 件中 4 件のオンボーディング' }).waitFor();

    await page.getByTitle('EXP1 をアーカイブ…').click();
    await page.getByRole('alertdialog', { name: 'オンボーディングのアーカイブ' }).waitFor();
    await noEnglish('archive-confirm');
    await shot('archive-confirm');
    await page.getByRole('button', { name: 'キャンセル' }).click();

    await page.getByTitle('OLD1 を削除…').click();
    const dialog = page.getByRole('alertdialog', { name: 'オンボーディングの削除' });
    await dialog.getByRole('textbox').fill('OLD');
    await noEnglish('delete-confirm');
    await shot('delete-confirm');
    await dialog.getByRole('textbox').fill('OLD1');
    await dialog.getByRole('button', { name: 'OLD1 を削除' }).click();
    await page.getByText(/^OLD1 を削除しました。/).waitFor();
    await page.getByText('最近削除した項目 (2)').waitFor();
    await openDeleted(page);
    await noEnglish('deleted');
    await shot('deleted');
    await page.getByRole('button', { name: 'GONE1 を完全削除…' }).click();
    await page.getByRole('alertdialog', { name: 'オンボーディングの完全削除' }).waitFor();
    await noEnglish('purge-confirm');
    await shot('purge-confirm');
    await page.getByRole('button', { name: 'キャンセル' }).click();

    await page.getByRole('button', { name: '新しいオンボーディング' }).click();
    for (const profile of catalog.list()) {
      await page.locator(`input[name="program"][value="${profile.id}"]`).check();
      const label = page.locator('label.choice').filter({
        has: page.locator(`input[value="${profile.id}"]`),
      });
      assert.equal(await label.locator('.hint').textContent(), profile.summaryJa, profile.id);
      for (const environment of profile.environments)
        await page.getByRole('radio', { name: environment.displayNameJa }).waitFor();
      const field = page.getByRole('textbox', { name: profile.identifier.labelJa, exact: true });
      await field.fill('BAD ID!');
      await page.getByText(profile.identifier.ruleJa, { exact: false }).waitFor();
      await noEnglish(`new-${profile.id}`, '#main', ['[data-profile]']);
      await shot(`new-${profile.id}`);
    }
    await page.getByRole('button', { name: 'キャンセル' }).click();

    await openPicker(page);
    const combobox = page.getByRole('combobox', { name: 'オンボーディング（識別子で検索）' });
    await combobox.click();
    await page.getByText(/^クライアント証明書のあるオンボーディング：\d+ 件。$/).waitFor();
    await combobox.fill('EXP1');
    await page.locator('.picker-list [role=option]').first().click();
    await page.getByText(/のクライアント証明書を使用します。$/).waitFor();
    await noEnglish('picker', '.picker', ['.picker-list li', '.picker-chosen strong']);
    await shot('picker');

    assert.deepEqual(english, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
