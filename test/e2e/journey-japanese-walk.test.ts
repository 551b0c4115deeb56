// A Japanese-speaking person walks every screen, light and dark: the vault created (with a
// repeat that differs) and, later, locked and unlocked (with a wrong passphrase); the empty home;
// many onboardings, filtered, searched for nothing; the archive, delete and purge confirmations;
// New onboarding for each program (an identifier refused); every wizard step of a TSH, a TMG, a
// D1 eCom (the OAuth step, its key made), a D1 issuer and an xPay Enablement onboarding, the
// import of an existing key refused for a wrong passphrase; the next panel; the export with a
// partial bundle; the tester; the vault's keys (a delete asked); tokens; the audit trail;
// settings (language, theme, auto-lock). Each state is photographed at both sizes, light into
// test-artifacts/ja/walk-* and dark into test-artifacts/dark/ja-walk-*, and checked: no English
// words left besides names, ids and data; no label, button, heading or table header wider than
// its box at either size; in dark, no text below WCAG AA contrast against what is behind it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, pemOf, type TestPki } from '../helpers/tls-pki.js';
import { testDns } from '../helpers/tls-probe.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { englishLeft, say } from './japanese.js';
import { overflowing } from './pseudo.js';
import { SCREEN_SIZES } from './screens.js';

let browser: Browser;

/** A port on 127.0.0.1 that nothing listens on (a refused connection, at once). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
  for (const dir of ['ja', 'dark']) mkdirSync(join(ARTIFACTS, dir), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'japanese walk passphrase';
const catalog = ProgramCatalog.load();
const T = (english: string, values: Record<string, string | number> = {}) =>
  say('ja', english, values);

/**
 * Text in `selector` whose contrast against the colours behind it is under WCAG AA (4.5:1, or 3:1
 * for large text); disabled controls are exempt, as WCAG has them.
 */
async function lowContrast(page: Page, selector: string): Promise<string[]> {
  // The test's compiler names the helpers below with a __name call: give the page one.
  await page.evaluate('globalThis.__name = (f) => f');
  return page.evaluate((sel) => {
    const rgba = (c: string): number[] => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [m[0], m[1], m[2], m[3] ?? 1];
    };
    const over = (top: number[], bottom: number[]): number[] => {
      const a = top[3];
      return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
    };
    const luminance = (c: number[]) => {
      const [r, g, b] = c.slice(0, 3).map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const behind = (e: Element): number[] => {
      const layers: number[][] = [];
      for (let at: Element | null = e; at; at = at.parentElement) {
        const c = rgba(getComputedStyle(at).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let colour = [255, 255, 255, 1];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const found = new Set<string>();
    const root = document.querySelector(sel);
    if (!root) return [];
    for (const e of root.querySelectorAll<HTMLElement>('*')) {
      const own = [...e.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (own === '' || e.getClientRects().length === 0) continue;
      const style = getComputedStyle(e);
      if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      if (e.closest(':disabled, [aria-disabled="true"], .skip-link, option')) continue;
      const bg = behind(e);
      const fg = over(rgba(style.color), bg);
      const [l1, l2] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        found.add(
          `"${own.slice(0, 40)}" ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}))`,
        );
    }
    return [...found];
  }, selector);
}

/** Cells of the home list's fixed-height rows whose text runs taller than the row. */
async function tallerThanRow(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.rows [role=row] > [role=cell]')]
      .filter(
        (cell) =>
          cell.getBoundingClientRect().bottom >
          cell.parentElement!.getBoundingClientRect().bottom + 1,
      )
      .map((cell) => cell.innerText.replace(/\s+/g, ' ').slice(0, 60)),
  );
}

/** The walker: each state looked at light and dark, at both sizes. */
function walker(page: Page) {
  const problems: string[] = [];
  const seen: string[] = [];
  const note = (problem: string) => {
    problems.push(problem);
    console.log(problem);
  };
  const look = async (name: string, data: readonly string[] = []) => {
    seen.push(name);
    for (const line of await englishLeft(page, 'body', data)) note(`${name}: "${line}" is English`);
    // Layout is the same in both schemes: checked in light at both sizes; contrast in dark.
    const sizes = [...SCREEN_SIZES];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of sizes) {
        await page.setViewportSize({ width, height });
        const where = `${name} (${width}×${height})`;
        if (scheme === 'light') {
          for (const text of await overflowing(page, 'body'))
            note(`${where}: "${text}" overflows its box`);
          for (const text of await tallerThanRow(page))
            note(`${where}: "${text}" runs out of its row`);
        } else if (width === sizes[0][0])
          for (const text of await lowContrast(page, 'body'))
            note(`${name} (dark): ${text} is below AA contrast`);
        await screenshot(
          page,
          scheme === 'light'
            ? `ja/walk-${name}-${width}x${height}`
            : `dark/ja-walk-${name}-${width}x${height}`,
        );
      }
      // Light ends at the large size, dark starts there: one resize fewer.
      sizes.reverse();
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
  return { problems, seen, look };
}

/** Data on the screens: identifiers, names from the profiles, values, dates, other areas' parts. */
const DATA = [
  '.brand',
  '[data-profile]',
  '.tag',
  '.mono',
  '.certificate-box',
  '.certificates',
  '.findings',
  '.probe',
  '.rows [role=cell] button.link:not(.quiet)',
  'fieldset label.choice',
];

it(
  'a new vault in Japanese: create (a repeat that differs), the empty home',
  { timeout: 60_000 },
  async () => {
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
    });
    await page.setViewportSize({ width: 1024, height: 700 });
    const { problems, look } = walker(page);
    await page.getByRole('heading', { name: T('Create the vault') }).waitFor();
    await look('vault-create');
    await page.getByLabel(T('Master passphrase')).fill(PASSPHRASE);
    await page.getByLabel(T('Repeat the passphrase')).fill(`${PASSPHRASE}!`);
    await look('vault-create-differs');
    await page.getByLabel(T('Repeat the passphrase')).fill(PASSPHRASE);
    await page.getByRole('button', { name: T('Create vault') }).click();
    await page.locator('p.empty').waitFor();
    await look('home-empty');
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  const tsh = desk.onboardings.create({
    program: 'tsh-classic',
    identifier: 'WALKTSH1',
    environment: 'preprod',
  }).id;
  await desk.identity.generate({
    onboardingId: tsh,
    algorithm: 'ec-p256',
    commonName: 'WALKTSH1-PREPROD',
  });
  for (const [as, data] of [
    ['TSH_TLS_SERVER_CERTIFICATE_CHAIN', pemOf(pki.server, pki.digicertCa, pki.root)],
    ['THALES_CLIENT_CA', pki.clientCa.certPem],
    ['TSH_INBOUND_HOST', 'api.thales.test/api/'],
  ] as const)
    await desk.assets.import({ onboardingId: tsh, as, data, source: 'test' });
  const d1 = desk.onboardings.create({
    program: 'd1-ecom',
    identifier: 'MGW_WALK01',
    environment: 'preprod',
  }).id;
  await desk.identity.generate({
    onboardingId: d1,
    algorithm: 'ec-p256',
    subject: { C: 'JP', ST: '東京都', L: '港区', O: '株式会社テスト決済', OU: '決済部' },
  });
  desk.onboardings.create({
    program: 'd1-issuer',
    identifier: 'ISSWALK001',
    environment: 'preprod',
  });
  desk.onboardings.create({
    program: 'xpay-enablement',
    identifier: 'XPAYWALK1',
    environment: 'preprod',
  });
  // Many rows: TMG onboardings, a few of them archived or deleted.
  for (let i = 1; i <= 14; i++) {
    const identifier = `SHOP${String(i).padStart(2, '0')}`;
    const { id } = desk.onboardings.create({
      program: 'tmg-merchant',
      identifier,
      environment: i % 3 === 0 ? 'prod' : 'sandbox',
    });
    if (i <= 10)
      await desk.identity.generate({
        onboardingId: id,
        algorithm: 'ec-p256',
        commonName: `${identifier}-CN`,
        days: 20 * i,
      });
    if (i === 13) desk.onboardings.setArchived(id, true);
    if (i === 14) await desk.onboardings.delete(id, identifier);
  }
}

async function home(page: Page): Promise<void> {
  await page.locator('header nav button').first().click();
  await page.locator('.timeline').waitFor();
}

async function openWizard(page: Page, identifier: string): Promise<void> {
  await page.getByRole('button', { name: identifier, exact: true }).click();
  await page.locator('.rail li button').first().waitFor();
}

/** Every step of the rail, in order, each looked at. */
async function everyStep(
  page: Page,
  look: (name: string, data?: readonly string[]) => Promise<void>,
  prefix: string,
): Promise<void> {
  const steps = await page.locator('.rail li button').count();
  for (let i = 1; i <= steps; i++) {
    await page.locator(`.rail li:nth-child(${i}) button`).click();
    const step = await page.locator('.step').getAttribute('data-step');
    await look(`${prefix}-${i}-${step}`, DATA);
  }
}

it(
  'every screen of a full vault in Japanese, light and dark, at both sizes',
  { timeout: 240_000 },
  async () => {
    const files = tempDir();
    // An existing key (encrypted) and its certificate, for the import refused for its passphrase.
    const key = join(files, 'client.key');
    const cert = join(files, 'client.pem');
    opensslOk(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
      '-keyout', key, '-out', cert, '-days', '365', '-subj', '/CN=XPAYWALK1', '-sha256',
      '-passout', 'pass:the key file pass']); // prettier-ignore
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      dns: testDns,
      locale: 'ja-JP',
      vaultWatchMs: 0,
      openAnswers: [key, cert],
      prepare: fill,
    });
    await page.setViewportSize({ width: 1024, height: 700 });
    const { problems, seen, look } = walker(page);

    // Home: many rows, filtered, nothing found; archive, delete and purge asked.
    await page.locator('.timeline').waitFor();
    await look('home-many', DATA);
    await page.locator('select').first().selectOption('tmg-merchant');
    await page.getByRole('checkbox', { name: T('Show archived') }).check();
    await look('home-filtered', DATA);
    await page.getByRole('searchbox').fill('NOTHING-LIKE-THIS');
    await look('home-no-match', DATA);
    await page.getByRole('button', { name: T('Clear the filters') }).click();
    await page.getByTitle(T('Archive {identifier}…', { identifier: 'SHOP01' })).click();
    await page.getByRole('alertdialog').waitFor();
    await look('home-archive-confirm', DATA);
    await page.getByRole('alertdialog').getByRole('button').last().click();
    await page.getByTitle(T('Delete {identifier}…', { identifier: 'SHOP02' })).click();
    await page.getByRole('alertdialog').getByRole('textbox').fill('SHOP');
    await look('home-delete-confirm', DATA);
    await page.getByRole('alertdialog').getByRole('button').last().click();
    await page.locator('details.recently-deleted').evaluate((d) => {
      (d as HTMLDetailsElement).open = true;
    });
    await page.locator('details.recently-deleted button.danger').first().click();
    await look('home-purge-confirm', DATA);
    await page.getByRole('alertdialog').getByRole('button').last().click();

    // New onboarding, each program, with an identifier refused.
    await page.getByRole('button', { name: T('New onboarding') }).click();
    for (const profile of catalog.list()) {
      await page.locator(`input[name="program"][value="${profile.id}"]`).check();
      await page.getByRole('textbox').fill('BAD ID!');
      await look(`new-${profile.id}`, ['[data-profile]']);
    }
    await home(page);

    // The wizards: every step of each program.
    await openWizard(page, 'WALKTSH1');
    await everyStep(page, look, 'wizard-tsh');
    // Export: a partial bundle saved, with what it still lacks.
    await page.locator('.partial-bundle button').click();
    await page.getByTestId('partial-bundle-saved').waitFor();
    await look('wizard-tsh-export-partial-saved', DATA);
    await home(page);
    // TMG's steps are the TSH ones (journey-japanese-tmg walks them all): its identity form.
    await openWizard(page, 'SHOP11');
    await look('wizard-tmg-identity', DATA);
    await home(page);
    await openWizard(page, 'MGW_WALK01');
    await page.locator('.rail li:nth-child(3) button').click();
    await page.locator('.step[data-step="oauth"]').waitFor();
    await page.locator('.step .actions button.primary').first().click();
    await page.locator('.step textarea').first().waitFor();
    await everyStep(page, look, 'wizard-d1');
    await home(page);
    // The D1 issuer's steps are D1 eCom's: its identity form, the issuerId in the CN.
    await openWizard(page, 'ISSWALK001');
    await look('wizard-d1-issuer-identity', DATA);
    await home(page);
    // xPay: the identity step's import of an existing key, refused for its passphrase.
    await openWizard(page, 'XPAYWALK1');
    const existing = page.locator('section.existing-identity');
    await existing.getByRole('button').nth(0).click();
    await existing.getByText('client.key').waitFor();
    await existing.getByRole('button').nth(1).click();
    await existing.getByText('client.pem').waitFor();
    await existing.locator('input[type="password"]').fill('not the pass');
    await existing.locator('button.primary, .actions button').last().click();
    await existing.locator('[aria-invalid="true"]').first().waitFor();
    await look('wizard-xpay-import-refused', DATA);
    await page.locator('.rail li:nth-child(2) button').click();
    await look('wizard-xpay-signed', DATA);
    await home(page);

    // The other screens.
    const nav = page.locator('header nav button');
    for (const [index, name] of [
      [1, 'tester'],
      [2, 'vault'],
      [3, 'tokens'],
      [4, 'audit'],
      [5, 'settings'],
    ] as const) {
      await nav.nth(index).click();
      await page.locator('main h1').waitFor();
      await look(name, DATA);
    }
    // The tester: a refused connection (the probe's own words are the tester area's: listed).
    await nav.nth(1).click();
    await page
      .locator('main input[type="url"], main input[placeholder^="https://"]')
      .first()
      .fill(`https://127.0.0.1:${await closedPort()}/`);
    await page.locator('main .actions button.primary, main button.primary').first().click();
    await page.locator('main .probe').first().waitFor({ timeout: 30_000 });
    await look('tester-refused', DATA);
    for (const line of await englishLeft(page, 'main .probe'))
      console.log(`tester-refused (the tester area's): "${line}" is English`);
    // The vault: a key's delete asked.
    await nav.nth(2).click();
    await page.locator('main table td:last-child button').first().click();
    await page.getByRole('alertdialog').waitFor();
    await look('vault-key-delete-confirm', DATA);
    await page.getByRole('alertdialog').getByRole('button').last().click();

    // Locked, a wrong passphrase, unlocked.
    await nav.nth(6).click();
    await page.getByRole('heading', { name: T('Unlock the vault') }).waitFor();
    await look('vault-locked');
    await page.getByLabel(T('Master passphrase')).fill('not the passphrase');
    await page.getByLabel(T('Master passphrase')).press('Enter');
    await page.locator('[role=alert], .error').first().waitFor();
    await look('vault-unlock-wrong');
    await page.getByLabel(T('Master passphrase')).fill(PASSPHRASE);
    await page.getByLabel(T('Master passphrase')).press('Enter');
    await page.locator('.timeline').waitFor();

    console.log(`${seen.length} states`);
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
