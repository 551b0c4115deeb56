// The pseudo-locale (en-XA): every catalogue message shows wrapped in ⟦ ⟧ and a third longer, so
// text that does not come from a catalogue stands out. On the screens converted so far (the
// navigation, unlock, settings, vault, audit trail, tokens and the expiry timeline) any visible
// text outside ⟦ ⟧ fails, except the data the screen shows (ids, paths, dates from Intl, the audit
// entries, facts main gives about a key), and no button, heading, label or table header overflows
// its box with the longer text. Still to convert (hard-coded English there, so not checked here):
// the home list and filters, new onboarding, the wizard steps, the connection tester, the result
// view's labels and the shared components (see README "Languages").
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'pseudo'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'pseudo locale passphrase';

/**
 * What in `selector` is visible text from no catalogue: the text with the data elements removed
 * and every ⟦…⟧ (nested too) taken out; what is left may only be spacing, digits and punctuation.
 */
async function textOutsideCatalogue(
  page: Page,
  selector: string,
  data: readonly string[],
): Promise<string[]> {
  const text = await page.evaluate(
    ([sel, dataSelectors]) => {
      const root = document.querySelector(sel);
      if (!root) return null;
      const clone = root.cloneNode(true) as HTMLElement;
      // Found first, removed after: removing one would shift the next selector's :nth-child.
      const dataElements = dataSelectors.flatMap((d) => [...clone.querySelectorAll(d)]);
      for (const e of dataElements) e.remove();
      // innerText needs the clone laid out: put it in the page, invisible to the eye only.
      clone.style.position = 'absolute';
      clone.style.left = '-99999px';
      document.body.append(clone);
      const visible = clone.innerText;
      clone.remove();
      return visible;
    },
    [selector, data] as const,
  );
  assert.ok(text !== null, `${selector} is on the screen`);
  let rest = text;
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => !/^[\s\d.,:;()[\]\-–—/#·|…?!%+×→←]*$/.test(line));
}

/**
 * Buttons, headings, labels, legends and table headers whose text is wider than their box, and
 * timeline ticks that run into each other (a tick may reach past its narrow bar by design).
 */
async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const found: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>(
      `${sel} :is(button:not(.bucket), h1, h2, h3, label, legend, th, summary, option)`,
    )) {
      if (e.offsetParent === null) continue;
      if (e.scrollWidth > e.clientWidth + 1) found.push(e.innerText.slice(0, 60));
    }
    const ticks = [...document.querySelectorAll<HTMLElement>(`${sel} .tick`)]
      .filter((t) => t.innerText.trim() !== '')
      .map((t) => ({ text: t.innerText, box: t.getBoundingClientRect() }));
    for (let i = 1; i < ticks.length; i++)
      if (ticks[i - 1].box.right > ticks[i].box.left)
        found.push(`${ticks[i - 1].text} runs into ${ticks[i].text}`);
    return found;
  }, selector);
}

async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  for (const [identifier, days] of [
    ['PSEUDO1', 25],
    ['PSEUDO2', 400],
  ] as const) {
    const { id } = desk.onboardings.create({
      program: 'tsh-classic',
      identifier,
      environment: 'preprod',
    });
    await desk.identity.generate({
      onboardingId: id,
      algorithm: 'ec-p256',
      commonName: `${identifier}-CN`,
      days,
    });
  }
}

it(
  'pseudo-locale: the converted screens show only catalogue text, and nothing overflows',
  { timeout: 120_000 },
  async () => {
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'en-XA',
      prepare: fill,
    });
    const nav = page.getByRole('navigation', { name: /Main/ });
    await nav.waitFor();
    const problems: string[] = [];
    const check = async (name: string, selector: string, data: readonly string[] = []) => {
      for (const line of await textOutsideCatalogue(page, selector, data))
        problems.push(`${name}: "${line}" is not from a catalogue`);
      for (const text of await overflowing(page, selector))
        problems.push(`${name}: "${text}" overflows its box`);
      await screenshotSizes(page, `pseudo/${name}`);
    };

    // The navigation (the product's name is a name).
    await check('navigation', 'header', ['.brand']);

    // Home: the expiry timeline (month ticks are Intl's dates).
    await page.locator('.timeline').waitFor();
    assert.ok((await page.locator('.timeline .tick').allTextContents()).some((t) => t !== ''));
    await check('timeline', '.timeline', ['.tick']);

    const screens = [
      ['Settings', 'settings', ['[data-testid="data-dir"]', '.mono']],
      // Key id, the onboarding it serves, the date it was made (ISO).
      [
        'Vault',
        'vault',
        ['tbody td:nth-child(1)', 'tbody td button.link', 'tbody td:nth-child(4)'],
      ],
      // Each entry is a record (when, who, what, details), not a sentence of the app.
      ['Audit trail', 'audit', ['tbody td:not(:last-child)', 'ul[aria-label] li']],
      // Paths and what the token says of itself are data; a reason main gives is not converted yet.
      ['Tokens', 'tokens', ['.mono', 'tbody', '.note', 'datalist']],
    ] as const;
    for (const [button, name, data] of screens) {
      await nav.getByRole('button', { name: new RegExp(`^⟦${button}·+⟧$`) }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(`^⟦${button}·+⟧$`) }).waitFor();
      await check(name, '#main', data);
    }

    // The unlock screen.
    await nav.getByRole('button', { name: /^⟦Lock vault·+⟧$/ }).click();
    await page.getByRole('heading', { name: /^⟦Unlock the vault·+⟧$/ }).waitFor();
    await check('unlock', 'main.app');
    await page.getByLabel(/Master passphrase/).fill(PASSPHRASE);
    await page.getByLabel(/Master passphrase/).press('Enter');
    await nav.waitFor();

    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it('the check finds hard-coded text (it can fail)', { timeout: 60_000 }, async () => {
  const { page } = await openDeskApp(browser, {
    dataDir: tempDir(),
    outDir: tempDir(),
    locale: 'en-XA',
    prepare: fill,
  });
  await page.locator('.timeline').waitFor();
  // The home list is not converted yet: its column headers are hard-coded English.
  const found = await textOutsideCatalogue(page, '#main', ['.timeline']);
  assert.ok(found.length > 0, 'the unconverted home list shows text from no catalogue');
  await page.close();
});
