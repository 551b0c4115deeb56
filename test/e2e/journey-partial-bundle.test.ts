// Issue 12, round 2, as a person meets it in the wizard of a D1 onboarding whose CSR exists but
// nothing else: Alt+←/→ move between steps with the focus on the new step's heading; a partial
// bundle holding just the CSR is saved weeks before the server chain and host exist, marked
// partial in its name, manifest and checklist (read back with unzip and OpenSSL), while the
// complete bundle is still refused; the certificate Thales signs is dropped as DER and opened
// with "Open file…", checked live like every other certificate box; asset headings and buttons
// are plain words with the portal name as a tag and a "where to find it" line; the audit trail
// reads as sentences.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import { AUDIT_ACTION_WORDS, auditActionWords } from '../../shared/audit-words.js';
import { ASSET_PLAIN_NAMES, whereToFind } from '../../shared/asset-words.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { opensslOk, run } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { createTestPki, writePem, type TestPki } from '../helpers/tls-pki.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { assertNoPortalConstantNames, assertPlainPageText } from './page-text.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
let pki: TestPki;
before(async () => {
  [browser, pki] = await Promise.all([launchChromium(), createTestPki()]);
});
after(() => browser?.close());

const ID = 'MGW_PART01';
const catalog = ProgramCatalog.load();

/** The focused element is the step's heading, saying `title`. */
async function focusOnHeading(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (t) =>
      document.activeElement?.tagName === 'H2' &&
      document.activeElement.closest('.step') !== null &&
      document.activeElement.textContent === t,
    title,
    { timeout: 5_000 },
  );
}

function unzip(args: string[]): string {
  const result = run('unzip', args);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

it(
  'D1 with only its CSR: step keys move the focus, a partial bundle is saved and marked, the complete one refused, the signed certificate checked live, plain names, audit in words',
  { timeout: 120_000 },
  async () => {
    const work = tempDir();
    const { page, desk, saved } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('partial bundle passphrase');
        const { id } = d.onboardings.create({
          program: 'd1-ecom',
          identifier: ID,
          environment: 'preprod',
        });
        await d.identity.generate({
          onboardingId: id,
          algorithm: 'ec-p256',
          subject: { C: 'FR', ST: 'Ile-de-France', L: 'Paris', O: 'Acme Payments', OU: 'Gateway' },
        });
      },
    });
    const onboardingId = `d1-ecom/${ID}/preprod`;
    const csrPem = desk.onboardings.get(onboardingId).current!.csr!.pem;

    // The wizard opens on the first step not done.
    await page.getByRole('button', { name: ID, exact: true }).click();
    await page.getByRole('heading', { name: 'Thales-signed certificate', level: 2 }).waitFor();
    // Opening the wizard puts the focus on that step's heading, not the page title.
    await focusOnHeading(page, 'Thales-signed certificate');

    // 8. Alt+← / Alt+→ between steps: the focus lands on the new step's heading each time.
    await page.keyboard.press('Alt+ArrowLeft');
    await focusOnHeading(page, 'Client identity');
    await page.keyboard.press('Alt+ArrowRight');
    await focusOnHeading(page, 'Thales-signed certificate');
    await page.keyboard.press('Alt+ArrowRight');
    await focusOnHeading(page, 'OAuth');
    await page.keyboard.press('Alt+ArrowLeft');
    await focusOnHeading(page, 'Thales-signed certificate');

    // 1. A partial bundle with just the CSR, long before the server chain and host exist.
    assert.equal(await page.getByRole('button', { name: /^7\. Export: missing/ }).count(), 1);
    await page.getByRole('button', { name: 'Save partial bundle…' }).click();
    const note = page.getByTestId('partial-bundle-saved');
    await note.waitFor();
    const zip = saved.at(-1)!;
    assert.match(zip, /d1-ecom-MGW_PART01-preprod-PARTIAL-portal-bundle\.zip$/);
    assert.match(
      (await note.textContent())!,
      /^Partial bundle saved to .*PARTIAL-portal-bundle\.zip/,
    );
    assert.deepEqual(await note.getByRole('listitem').allTextContents(), [
      `${ASSET_PLAIN_NAMES.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN} (step 5, “Your server”)`,
      `${ASSET_PLAIN_NAMES.ISSUER_HOST} (step 5, “Your server”)`,
    ]);
    await screenshotSizes(page, 'partial-1-saved');

    // What it holds, read with unzip: the CSR OpenSSL verifies, the checklist and the manifest.
    const listing = unzip(['-Z1', zip]).trim().split('\n').sort();
    assert.deepEqual(listing, ['CHECKLIST.md', 'CUSTOMER_CSR.pem', 'manifest.json']);
    const csrFile = writePem(work, 'from-zip.csr', unzip(['-p', zip, 'CUSTOMER_CSR.pem']));
    opensslOk(['req', '-in', csrFile, '-verify', '-noout']);
    assert.equal(readFileSync(csrFile, 'utf8').trim(), csrPem.trim());
    const manifest = JSON.parse(unzip(['-p', zip, 'manifest.json']));
    assert.equal(manifest.partial, true);
    assert.deepEqual(
      manifest.stillNeeded.map((n: { asset: string; why: string; step: string }) => [
        n.asset,
        n.why,
        n.step,
      ]),
      [
        ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', 'missing', 'server'],
        ['ISSUER_HOST', 'missing', 'server'],
      ],
    );
    const checklist = unzip(['-p', zip, 'CHECKLIST.md']);
    assert.match(
      checklist,
      /^# PARTIAL D1 eCom Enablement: Pre-Production bundle for MGW_PART01\n/,
    );
    assert.match(checklist, /\*\*PARTIAL BUNDLE: not the complete set Thales needs\.\*\*/);
    assert.match(
      checklist,
      /## Still needed for the complete bundle\n\n- \[ \] \*\*CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN\*\*: not there yet; complete it in mTLS Desk, step 5, “Your server”\./,
    );
    assert.match(checklist, /- \[ \] \*\*CUSTOMER_CSR\*\*: upload `CUSTOMER_CSR\.pem`/);
    // A partial bundle does not finish the export step; the trail says which kind was saved.
    assert.equal(desk.onboardings.get(onboardingId).record.exported?.bundle ?? null, null);
    assert.equal(await page.getByRole('button', { name: /^7\. Export: missing/ }).count(), 1);
    const partialEntry = desk.audit
      .entries()
      .findLast((e) => e.action === 'bundle.partial-created');
    assert.equal(partialEntry?.details.file, zip);

    // The complete bundle is still checked as before: refused, no save dialog.
    const dialogs = saved.length;
    await page.getByRole('button', { name: /^7\. Export:/ }).click();
    await focusOnHeading(page, 'Export');
    await page.getByRole('button', { name: 'Save portal bundle…' }).click();
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'The portal bundle cannot be saved yet' });
    await alert.waitFor();
    assert.match((await alert.textContent())!, /“Save partial bundle…” saves what exists so far/);
    assert.equal(saved.length, dialogs, 'no save dialog for the refused complete bundle');

    // 5. The signed certificate: a test CA standing in for the Thales CA signs the CSR (DER).
    const caFile = writePem(work, 'ca.pem', pki.clientCa.certPem);
    const caKey = writePem(work, 'ca.key', pki.clientCa.keyPem);
    const ext = writePem(
      work,
      'client.ext',
      'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
    );
    const signedDer = join(work, 'signed.cer');
    opensslOk([
      'x509', '-req', '-in', csrFile, '-CA', caFile, '-CAkey', caKey, '-set_serial', '0x77',
      '-days', '700', '-sha256', '-extfile', ext, '-outform', 'DER', '-out', signedDer,
    ]); // prettier-ignore
    const foreignDer = join(work, 'foreign.cer');
    opensslOk([
      'x509',
      '-in',
      writePem(work, 'f.pem', pki.client.certPem),
      '-outform',
      'DER',
      '-out',
      foreignDer,
    ]);
    await page.getByRole('button', { name: /^2\. Thales-signed certificate:/ }).click();
    await focusOnHeading(page, 'Thales-signed certificate');
    const box = page.getByLabel('Certificate signed by Thales (PEM or DER file)');
    const importButton = page.getByRole('button', { name: 'Import signed certificate' });
    assert.equal(await importButton.isDisabled(), true);
    assert.equal(
      await page.locator('#signed-import-why').textContent(),
      'Paste, drop or open the certificate Thales signed first.',
    );

    // A DER file dropped on the box is read as bytes; one made for another key is refused live.
    const drop = async (path: string, name: string) => {
      const bytes = [...readFileSync(path)];
      const transfer = await page.evaluateHandle(
        ([data, fileName]) => {
          const t = new DataTransfer();
          t.items.add(new File([new Uint8Array(data as number[])], fileName as string));
          return t;
        },
        [bytes, name] as const,
      );
      await box.dispatchEvent('drop', { dataTransfer: transfer });
    };
    await drop(foreignDer, 'foreign.cer');
    const problem = page.locator('.certificate-box .field-problem');
    await problem.getByText(/matches no key of onboarding d1-ecom\/MGW_PART01\/preprod/).waitFor();
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.equal(await importButton.isDisabled(), true);
    await screenshotSizes(page, 'signed-1-foreign-refused');

    // The check read it (the certificate and its checks under the box) and it passes.
    const checked = page.locator('.step .certificates', { hasText: 'TLSMA-ECDSA/MGW_PART01-PPR' });
    const enabled = () => page.waitForSelector('.step button.primary:enabled');
    await drop(signedDer, 'signed.cer');
    await checked.waitFor();
    await enabled();
    assert.match(await box.inputValue(), /^-----BEGIN CERTIFICATE-----/);
    assert.equal(await problem.count(), 0);
    assert.equal(await importButton.isEnabled(), true);
    assert.equal(await page.locator('#signed-import-why').count(), 0);

    // "Open file…" reads the same DER file through the file chooser, with the same check.
    await box.fill('');
    await checked.waitFor({ state: 'detached' });
    assert.equal(await importButton.isDisabled(), true);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Open file…' }).click(),
    ]);
    await chooser.setFiles(signedDer);
    await checked.waitFor();
    await enabled();
    await screenshotSizes(page, 'signed-2-checked-live');
    const liveFindings = await page
      .locator('.step .findings .finding')
      .evaluateAll((list) => list.map((e) => e.getAttribute('data-finding')));
    await importButton.click();
    await page.getByText('Imported and matched to your key:').waitFor();
    // The live check said what the import found: the same checks, before anything was stored.
    assert.deepEqual(
      liveFindings,
      desk.onboardings.get(onboardingId).current!.certificateFindings.map((f) => f.id),
    );
    assert.equal(
      desk.onboardings.get(onboardingId).current!.certificate!.sha256Fingerprint.replace(/:/g, ''),
      opensslOk(['x509', '-in', signedDer, '-inform', 'DER', '-noout', '-fingerprint', '-sha256'])
        .split('=')[1]
        .trim()
        .replace(/:/g, ''),
    );

    // 2. Plain headings and buttons, the portal name as a tag, where to find each asset.
    const d1 = catalog.get('d1-ecom');
    for (const [rail, assets] of [
      [/^4\. Thales assets:/, ['THALES_CLIENT_CA', 'TSH_INBOUND_HOST']],
      [/^5\. Your server:/, ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', 'ISSUER_HOST']],
    ] as const) {
      await page.getByRole('button', { name: rail }).click();
      for (const asset of assets) {
        const heading = page.locator(`[data-asset=${asset}] h3`);
        assert.equal(
          await heading.evaluate((h) => h.firstChild?.textContent),
          ASSET_PLAIN_NAMES[asset],
        );
        assert.equal(await heading.locator('.tag').textContent(), asset);
        assert.equal(
          await page.getByTestId(`where-${asset}`).textContent(),
          `Where to find it: ${whereToFind(asset, d1)}`,
        );
      }
      await assertNoPortalConstantNames(page);
      await assertPlainPageText(page);
    }
    await screenshotSizes(page, 'assets-1-plain-names-d1');

    // 4. The audit trail in words (the id on hover).
    await page.getByRole('button', { name: 'Audit trail' }).click();
    const rows = page.locator('table.audit tbody tr');
    await rows.first().waitFor();
    const what = await rows.locator('td:nth-child(4)').allTextContents();
    const entries = desk.audit.entries();
    assert.deepEqual(
      what,
      entries.map((e) => auditActionWords(e.action)),
    );
    assert.ok(what.includes(AUDIT_ACTION_WORDS['vault.initialized']));
    assert.ok(what.includes('Partial portal bundle saved (not complete)'));
    for (const text of what) assert.doesNotMatch(text, /^[a-z-]+(\.[a-z-]+)+$/, 'an action id');
    assert.equal(
      await rows.locator('td:nth-child(4)').first().getAttribute('title'),
      entries[0].action,
    );
    await screenshotSizes(page, 'audit-3-in-words');

    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'TSH: the assets say where to find them in the TSH portal; every save button is plain words',
  { timeout: 60_000 },
  async () => {
    const { page } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('partial bundle passphrase');
        const { id } = d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'PLAIN1',
          environment: 'preprod',
        });
        await d.identity.generate({
          onboardingId: id,
          algorithm: 'ec-p256',
          commonName: 'PLAIN1-PREPROD',
        });
      },
    });
    const tsh = catalog.get('tsh-classic');
    // One spelling per environment: every program's first environment reads Pre-Production.
    await page.getByRole('button', { name: 'New onboarding' }).click();
    for (const program of [/D1 eCom Enablement/, /xPay Enablement/, /Classic Tokenization/]) {
      await page.getByRole('radio', { name: program }).check();
      assert.deepEqual(
        await page
          .locator('fieldset', { hasText: 'Environment' })
          .getByRole('radio')
          .evaluateAll((radios) => radios.map((r) => r.closest('label')?.textContent?.trim())),
        ['Pre-Production', 'Production'],
      );
    }
    await page.getByRole('radio', { name: /D1 eCom Enablement/ }).check();
    await screenshotSizes(page, 'new-onboarding-environment-names');
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'PLAIN1', exact: true }).click();
    await page.getByRole('heading', { name: 'Thales assets', level: 2 }).waitFor();
    for (const asset of [
      'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      'TSH_TLS_CLIENT_CERTIFICATE',
      'THALES_CLIENT_CA',
      'TSH_INBOUND_HOST',
    ] as const) {
      const where = await page.getByTestId(`where-${asset}`).textContent();
      assert.equal(where, `Where to find it: ${whereToFind(asset, tsh)}`);
      assert.match(where!, /In the TSH portal/);
    }
    // Every save button names the asset in words; the portal name is its title.
    const buttons = page.locator('.asset .actions button');
    const names = await buttons.allTextContents();
    assert.deepEqual(names, [
      'Save the Thales server certificate chain',
      'Save the Thales client certificate',
      'Save the Thales Client CA',
      'Save the Thales address you call',
    ]);
    assert.equal(
      await buttons.first().getAttribute('title'),
      'TSH_TLS_SERVER_CERTIFICATE_CHAIN in the Thales portal',
    );
    await assertNoPortalConstantNames(page);
    await screenshotSizes(page, 'assets-2-plain-names-tsh');
    await page.getByRole('button', { name: /^5\. Export:/ }).click();
    await focusOnHeading(page, 'Export');
    await assertNoPortalConstantNames(page);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
