// The home screen and the new-onboarding screen: one row's columns (program, identifier,
// environment, a status per step, the next expiry and which certificate it is), search and the program / environment /
// status / expiring filters with their row counts, the expiry timeline with entries in the months
// the certificates expire; a list longer than one window, fetched from main window by window as it
// scrolls (by position and by keyboard); and the program sentence and the
// key-algorithm "why" taken from the profiles.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const catalog = ProgramCatalog.load();
const DAY_MS = 86_400_000;

/** Identities valid for these many days, on different programs and environments; one onboarding without an identity; BETA1's connection test failed. */
const FIXTURE = [
  { program: 'tsh-classic', identifier: 'ALPHA1', environment: 'preprod', days: 20 },
  { program: 'tsh-classic', identifier: 'ALPHA2', environment: 'prod', days: 75 },
  { program: 'tmg-merchant', identifier: 'BETA1', environment: 'sandbox', days: 200 },
  { program: 'tmg-merchant', identifier: 'BETA2', environment: 'prod', days: 730 },
  { program: 'd1-ecom', identifier: 'GAMMA_0001', environment: 'preprod', days: null },
] as const;

async function fill(desk: Desk): Promise<void> {
  await desk.vault.init('home screen passphrase');
  for (const o of FIXTURE) {
    const { id } = desk.onboardings.create({
      program: o.program,
      identifier: o.identifier,
      environment: o.environment,
    });
    if (o.days !== null)
      await desk.identity.generate({
        onboardingId: id,
        algorithm: 'ec-p256',
        commonName: `${o.identifier}-CN`,
        days: o.days,
      });
    if (o.identifier === 'BETA1')
      desk.onboardings.recordTest(id, {
        direction: 'inbound',
        ok: false,
        summary: 'the server refused the client certificate',
        result: null,
      });
  }
}

function alpha1NotAfterOf(desk: Desk): string {
  const onboarding = desk.onboardings.list().find((o) => o.identifier === 'ALPHA1')!;
  return desk.onboardings.get(onboarding.id).current!.certificate!.notAfter;
}

/** Days left of an onboarding's certificate, counted as the screen counts them (whole days). */
function daysLeftOf(desk: Desk, identifier: string): number {
  const onboarding = desk.onboardings.list().find((o) => o.identifier === identifier)!;
  const notAfter = Date.parse(desk.onboardings.get(onboarding.id).current!.certificate!.notAfter);
  return Math.floor((notAfter - Date.now()) / DAY_MS);
}

it(
  'home: a row with its columns, search and filters with their counts, the expiry timeline by month',
  { timeout: 90_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: fill,
    });
    const table = page.getByRole('table', { name: 'Onboardings' });
    await table.waitFor();
    const count = page.getByText(/^\d+ of \d+ onboardings$/);
    const rowsShown = () => table.getByRole('row').filter({ has: page.getByRole('cell') });
    assert.equal(await count.textContent(), '5 of 5 onboardings');
    assert.equal(await rowsShown().count(), 5);

    // One row, column by column.
    const alpha1 = rowsShown().filter({
      has: page.getByRole('button', { name: 'ALPHA1', exact: true }),
    });
    const cells = alpha1.getByRole('cell');
    assert.equal(await cells.count(), 6);
    assert.equal(await cells.nth(0).textContent(), catalog.get('tsh-classic').displayName);
    assert.equal(await cells.nth(1).textContent(), 'ALPHA1');
    // The environment by the profile's name, never its id.
    assert.equal(
      await cells.nth(2).textContent(),
      catalog.get('tsh-classic').environments.find((e) => e.id === 'preprod')!.displayName,
    );
    // A status per step: the client identity is made but expires within the warning days; the rest is to do.
    assert.equal(
      await cells.nth(3).getAttribute('aria-label'),
      'Client identity: expiring, Thales assets: to do, Your server: to do, Test: to do, Export: to do',
    );
    assert.deepEqual(await cells.nth(3).locator('.mark').allTextContents(), [
      '!',
      '·',
      '·',
      '·',
      '·',
    ]);
    // The steps in words too, and a legend of the marks.
    assert.equal(
      await cells.nth(3).locator('.step-text').textContent(),
      '0/5 · expiring: Client identity',
    );
    assert.equal(
      (await page.locator('.legend-line').textContent())?.replace(/\s+/g, ' ').trim(),
      'Steps: ✓ done ! expiring · to do ✗ failing',
    );
    const alpha1Days = daysLeftOf(desk, 'ALPHA1');
    assert.ok(alpha1Days === 19 || alpha1Days === 20, `${alpha1Days} days`);
    // The next expiry says which certificate (here the client certificate, the only one).
    assert.equal(await table.getByRole('columnheader').nth(4).textContent(), 'Next expiry');
    // In words ("in 19 days"), the exact date and time on hover.
    assert.equal(
      await cells.nth(4).textContent(),
      `in ${alpha1Days} days · your client certificate`,
    );
    const alpha1NotAfter = new Date(alpha1NotAfterOf(desk));
    const title = (await cells.nth(4).getAttribute('title')) ?? '';
    assert.ok(
      title.startsWith(
        `${alpha1NotAfter.getUTCDate()} ${alpha1NotAfter.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' })} ${alpha1NotAfter.getUTCFullYear()}: `,
      ),
      title,
    );
    assert.match(title, /\d\d:\d\d:\d\d UTC \(CUSTOMER_TLS_CLIENT_CERTIFICATE\)$/);
    assert.equal(await cells.nth(4).getAttribute('class'), 'warn', 'within the 90-day warning');
    // D1 has the signed-certificate step; no identity yet, so no days to count.
    const gamma = rowsShown()
      .filter({ has: page.getByRole('button', { name: 'GAMMA_0001', exact: true }) })
      .getByRole('cell');
    assert.equal(
      await gamma.nth(3).getAttribute('aria-label'),
      'Client identity: to do, Thales-signed certificate: to do, OAuth: to do, Thales assets: to do, Your server: to do, Test: to do, Export: to do',
    );
    assert.equal(await gamma.nth(4).textContent(), '—');
    const beta2 = rowsShown()
      .filter({ has: page.getByRole('button', { name: 'BETA2', exact: true }) })
      .getByRole('cell');
    assert.equal(
      await beta2.nth(4).textContent(),
      `in ${daysLeftOf(desk, 'BETA2')} days · your client certificate`,
    );
    assert.match((await beta2.nth(3).getAttribute('aria-label')) ?? '', /^Client identity: done, /);
    await screenshotSizes(page, 'home-1-inventory');

    // Search, then each filter, then all of them together.
    const search = page.getByRole('searchbox', { name: 'Search identifier' });
    const program = page.getByLabel('Program');
    const environment = page.getByLabel('Environment');
    const expiring = page.getByRole('checkbox', { name: 'Expiring within 90 days' });
    const expect = async (text: string, identifiers: string[]) => {
      // The count of this filter's answer, not the last one's still shown (busy) while it is asked.
      await page
        .locator('p.count[aria-busy="false"]')
        .filter({ hasText: new RegExp(`^${text}$`) })
        .waitFor();
      assert.deepEqual(
        (await rowsShown().locator('[role=cell]:nth-child(2) > button').allTextContents()).sort(),
        identifiers,
        text,
      );
    };
    await search.fill('beta');
    await expect('2 of 5 onboardings', ['BETA1', 'BETA2']);
    await search.fill('');
    await program.selectOption({ label: catalog.get('tsh-classic').displayName });
    await expect('2 of 5 onboardings', ['ALPHA1', 'ALPHA2']);
    await environment.selectOption('prod');
    await expect('1 of 5 onboardings', ['ALPHA2']);
    await program.selectOption('');
    await expect('2 of 5 onboardings', ['ALPHA2', 'BETA2']);
    await environment.selectOption('');
    await expiring.check();
    await expect('2 of 5 onboardings', ['ALPHA1', 'ALPHA2']);
    await search.fill('2');
    await expect('1 of 5 onboardings', ['ALPHA2']);
    await search.fill('nothing-like-this');
    await expect('0 of 5 onboardings', []);
    // No empty table box: a sentence, and a way out.
    await page.getByText('No onboarding matches these filters.').waitFor();
    assert.equal(await table.count(), 0);
    await screenshotSizes(page, 'home-2-filtered-nothing');
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect('5 of 5 onboardings', ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2', 'GAMMA_0001']);
    assert.equal(await search.inputValue(), '');
    assert.equal(await expiring.isChecked(), false);
    await search.fill('nothing-like-this');
    await expect('0 of 5 onboardings', []);
    await search.fill('');
    await expiring.uncheck();
    await expect('5 of 5 onboardings', ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2', 'GAMMA_0001']);

    // The overall status (the worst step), each choice with its count over the inventory: BETA1's
    // failed test makes it failing, the others still miss assets.
    const status = page.getByLabel('Status');
    assert.deepEqual(await status.locator('option').allTextContents(), [
      'Any',
      'Complete (0)',
      'Expiring (0)',
      'Something missing (4)',
      'Failing (1)',
    ]);
    assert.deepEqual(
      desk.onboardings.list({ status: 'failing' }).map((o) => o.identifier),
      ['BETA1'],
      'the inventory agrees',
    );
    await status.selectOption('failing');
    await expect('1 of 5 onboardings', ['BETA1']);
    await status.selectOption('missing');
    await expiring.check();
    await expect('2 of 5 onboardings', ['ALPHA1', 'ALPHA2']);
    await expiring.uncheck();
    await status.selectOption('');
    await expect('5 of 5 onboardings', ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2', 'GAMMA_0001']);

    // The timeline: expired first, then each month as far as the 730-day certificate; a bar in
    // each month a certificate expires in, with its count as text and its kinds.
    const chart = page.getByRole('group', { name: 'Expiry timeline' });
    const buckets = chart.getByRole('button');
    const labels = await buckets.evaluateAll((b) => b.map((e) => e.getAttribute('aria-label')!));
    assert.equal(labels[0], 'Expired: 0 onboardings');
    const monthOf = (identifier: string) =>
      new Date(Date.now() + daysLeftOf(desk, identifier) * DAY_MS);
    const monthLabel = (d: Date) =>
      d.toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    assert.ok(labels[1].startsWith(`${monthLabel(new Date())}:`), 'this month after expired');
    assert.ok(
      labels.at(-1)!.startsWith(`${monthLabel(monthOf('BETA2'))}:`),
      'as far as the longest',
    );
    assert.ok(labels.length >= 26, `${labels.length} buckets`);
    const expected = new Map<string, number>();
    for (const identifier of ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2']) {
      const month = monthLabel(monthOf(identifier));
      expected.set(month, (expected.get(month) ?? 0) + 1);
    }
    assert.ok(expected.size >= 3, 'the certificates expire in different months');
    assert.deepEqual(
      labels.filter((l) => !/: 0 onboardings$/.test(l)).sort(),
      [...expected]
        .map(
          ([month, n]) =>
            `${month}: ${n} onboarding${n === 1 ? '' : 's'} (your client certificate ${n})`,
        )
        .sort(),
    );
    // Counts as text on the bars, a legend with the totals per kind, a caption saying what it counts, a today line.
    assert.deepEqual(
      (await chart.locator('.count').allTextContents())
        .filter((t) => t !== '')
        .map(Number)
        .sort(),
      [...expected.values()].sort(),
    );
    assert.deepEqual(await page.locator('.timeline .legend li').allTextContents(), [
      'Your client certificate (4)',
      'Your server chain (0)',
      'Thales certificates (0)',
    ]);
    assert.match(
      (await page.locator('.timeline figcaption').textContent()) ?? '',
      /^Onboardings by when their next certificate expires \(the soonest one of each onboarding, of any kind\): 4 in all/,
    );
    assert.equal(await chart.locator('.today').textContent(), 'Today');
    assert.equal(await chart.getByText('Expired', { exact: true }).count(), 1);
    await screenshotSizes(page, 'home-3-timeline');

    // A bar filters the list to its onboardings; pressed again (or "Show every expiry"), all return.
    const beta2Bar = chart.getByRole('button', {
      name: new RegExp(`^${monthLabel(monthOf('BETA2'))}: `),
    });
    await beta2Bar.click();
    await expect('1 of 5 onboardings', ['BETA2']);
    assert.equal(await beta2Bar.getAttribute('aria-pressed'), 'true');
    await page.getByText(`Next expiry: ${monthLabel(monthOf('BETA2'))}`).waitFor();
    await screenshotSizes(page, 'home-4-timeline-filter');
    await page.getByRole('button', { name: 'Show every expiry' }).click();
    await expect('5 of 5 onboardings', ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2', 'GAMMA_0001']);
    assert.equal(await beta2Bar.getAttribute('aria-pressed'), 'false');

    // Sortable columns: a header sorts, again reverses, with aria-sort saying which way.
    const inOrder = () =>
      rowsShown().locator('[role=cell]:nth-child(2) > button').allTextContents();
    const header = (name: string) => table.getByRole('columnheader', { name });
    // The header says the new order at once; the rows are main's answer, in once the count is not busy.
    const settled = () => page.locator('p.count[aria-busy="false"]').waitFor();
    await header('Identifier').getByRole('button').click();
    await page.waitForFunction(() =>
      document.querySelector('[aria-sort="ascending"]')?.textContent?.startsWith('Identifier'),
    );
    await settled();
    assert.deepEqual(await inOrder(), ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2', 'GAMMA_0001']);
    await header('Identifier').getByRole('button').click();
    await page.locator('[aria-sort="descending"]').waitFor();
    await page.waitForFunction(
      () => document.querySelector('.rows [role=row] button')?.textContent === 'GAMMA_0001',
    );
    await settled();
    assert.deepEqual(await inOrder(), ['GAMMA_0001', 'BETA2', 'BETA1', 'ALPHA2', 'ALPHA1']);
    assert.equal(await header('Identifier').getAttribute('aria-sort'), 'descending');
    await header('Next expiry').getByRole('button').click();
    await page.waitForFunction(
      () => document.querySelector('.rows [role=row] button')?.textContent === 'ALPHA1',
    );
    await settled();
    assert.deepEqual(await inOrder(), ['ALPHA1', 'ALPHA2', 'BETA1', 'BETA2', 'GAMMA_0001']);
    assert.equal(await header('Identifier').getAttribute('aria-sort'), null);
    assert.equal(await header('Next expiry').getAttribute('aria-sort'), 'ascending');
    await screenshotSizes(page, 'home-5-sorted');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'home with more onboardings than one window: rows come from main as the list scrolls, by position and by keyboard; search across windows',
  { timeout: 120_000 },
  async () => {
    const ONBOARDINGS = 260;
    const identifier = (i: number) => `SCALE${String(i).padStart(3, '0')}`;
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (desk) => {
        await desk.vault.init('home at scale passphrase');
        for (let i = 0; i < ONBOARDINGS; i++)
          desk.onboardings.create({
            program: 'tsh-classic',
            identifier: identifier(i),
            environment: i % 2 === 0 ? 'preprod' : 'prod',
          });
      },
    });
    const table = page.getByRole('table', { name: 'Onboardings' });
    const list = page.getByLabel('Onboarding list, scrollable');
    await page.getByText(`${ONBOARDINGS} of ${ONBOARDINGS} onboardings`, { exact: true }).waitFor();
    const rowsShown = () => table.getByRole('row').filter({ has: page.getByRole('cell') });
    const shownIdentifiers = async () =>
      (await rowsShown().locator('[role=cell]:nth-child(2) > button').allTextContents()).sort();
    // Only the rows around the view are in the page (at the top, once idle, a view more below
    // it: at most three views of 14), and the list's height holds every row.
    assert.ok((await rowsShown().count()) <= 42, `${await rowsShown().count()} rows drawn`);
    assert.equal(await table.getAttribute('aria-rowcount'), String(ONBOARDINGS + 1));
    assert.ok((await shownIdentifiers()).includes(identifier(0)));

    // A scroll of many views at once (to row 100) draws the view and one row either side (rows
    // 99 to 114), not the rows ahead that its next step would leap past; a step of one row then
    // draws a few ahead again, on the side it moves to (rows 95 to 113).
    const rowsFrom = (first: number, count: number) =>
      Array.from({ length: count }, (_, i) => identifier(first + i)).sort();
    /** Waits (a bounded while) for exactly these rows, loaded, then checks them. */
    const rowsBecome = async (expected: string[]) => {
      for (let i = 0; i < 100; i++) {
        if (JSON.stringify(await shownIdentifiers()) === JSON.stringify(expected)) break;
        await page.waitForTimeout(100);
      }
      assert.deepEqual(await shownIdentifiers(), expected);
    };
    await list.evaluate((el) => {
      el.scrollTop = 100 * 40;
    });
    await rowsBecome(rowsFrom(99, 16));
    await screenshotSizes(page, 'home-4-leapt-to-row-100');
    await list.evaluate((el) => {
      el.scrollTop -= 40;
    });
    await rowsBecome(rowsFrom(95, 19));

    // Scrolled to the bottom: the last window is asked for and drawn at its place.
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = page.getByRole('button', { name: identifier(ONBOARDINGS - 1), exact: true });
    await last.waitFor();
    assert.equal(
      await table.getByRole('row').filter({ has: last }).getAttribute('aria-rowindex'),
      String(ONBOARDINGS + 1),
    );
    assert.equal(await page.getByText('Loading…').count(), 0, 'every drawn row is loaded');
    assert.ok(!(await shownIdentifiers()).includes(identifier(0)), 'the first rows left the page');
    await screenshot(page, 'home-4-scrolled-to-the-end');

    // By keyboard: the list takes the focus, Home scrolls to the top, and Tab then Enter opens a row.
    await list.focus();
    await page.keyboard.press('Home');
    const first = page.getByRole('button', { name: identifier(0), exact: true });
    await first.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), identifier(0));
    await page.keyboard.press('Enter');
    await page
      .getByRole('heading', { level: 1, name: new RegExp(` — ${identifier(0)} — `) })
      .waitFor();
    await page.getByRole('button', { name: 'Onboardings' }).click();

    // Search is main's, over every onboarding, not only the rows the page has seen: any case, then its windows.
    const search = page.getByRole('searchbox', { name: 'Search identifier' });
    await search.fill('scale25');
    await page.getByText(`10 of ${ONBOARDINGS} onboardings`, { exact: true }).waitFor();
    assert.deepEqual(
      await shownIdentifiers(),
      Array.from({ length: 10 }, (_, i) => identifier(250 + i)),
    );
    await search.fill('Scale1');
    await page.getByText(`100 of ${ONBOARDINGS} onboardings`, { exact: true }).waitFor();
    assert.ok(
      (await shownIdentifiers()).includes(identifier(100)),
      'a new search shows its rows from the top',
    );
    await list.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.getByRole('button', { name: identifier(199), exact: true }).waitFor();
    await page.getByLabel('Environment').selectOption('prod');
    await page.getByText(`50 of ${ONBOARDINGS} onboardings`, { exact: true }).waitFor();
    assert.ok(
      (await shownIdentifiers()).every(
        (id) => Number(id.slice(5)) % 2 === 1 && id.startsWith('SCALE1'),
      ),
    );
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'new onboarding: each program in one sentence from its profile; the key algorithm step says why, from the profile',
  { timeout: 60_000 },
  async () => {
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (desk) => {
        await desk.vault.init('new onboarding passphrase');
      },
    });
    await page.getByRole('button', { name: 'New onboarding' }).click();
    const programs = catalog.list();
    assert.ok(programs.length >= 4);
    for (const profile of programs) {
      const choice = page.getByRole('radio', {
        name: new RegExp(profile.displayName.replace(/[()]/g, '\\$&')),
      });
      assert.equal(await choice.count(), 1, profile.id);
      // The sentence sits in the radio's label, under the program's name.
      const label = page.locator('label.choice').filter({ has: choice });
      assert.equal(await label.locator('.hint').textContent(), profile.summary, profile.id);
    }
    await screenshot(page, 'new-1-programs');

    const d1 = catalog.get('d1-ecom');
    const tsh = catalog.get('tsh-classic');
    assert.notEqual(
      d1.keyAlgorithms.why,
      tsh.keyAlgorithms.why,
      'the two programs give different reasons',
    );
    await page.getByRole('radio', { name: new RegExp(d1.displayName) }).check();
    // D1 ids are exactly 10 characters: 9 or 11 are refused with the shared sentence.
    const idField = page.getByLabel(`Your ${d1.identifier.label}`);
    for (const wrong of ['MGW_12345', 'MGW_1234567']) {
      await idField.fill(wrong);
      await page
        .getByText(new RegExp(`"${wrong}" \\(${wrong.length} characters\\) is not valid`))
        .waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Create onboarding' }).isDisabled(),
        true,
      );
    }
    await idField.fill('MGW_123456');
    await page.getByRole('button', { name: 'Create onboarding' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await page.getByText(d1.keyAlgorithms.why, { exact: true }).waitFor();
    assert.equal(await page.getByText(tsh.keyAlgorithms.why, { exact: true }).count(), 0);
    // Only the algorithms the profile allows, its recommended one chosen.
    const radios = page.getByRole('group', { name: /Key algorithm/ }).getByRole('radio');
    assert.equal(await radios.count(), d1.keyAlgorithms.allowed.length);
    assert.equal(await page.getByRole('radio', { name: /\(recommended\)$/ }).isChecked(), true);
    await screenshot(page, 'new-2-key-why');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
