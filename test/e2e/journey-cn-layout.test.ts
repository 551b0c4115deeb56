// Journey: the D1 Common Name layout Thales confirmed, saved from the wizard's client identity
// step (as `mtls-desk programs confirm-cn-layout` saves it). Before: a CN in another layout is a
// warning; once saved, the live check uses it (the CN in that layout passes, the default layout is
// refused), the settings and the audit trail hold it, and the CSR made carries that CN (OpenSSL).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { writePem } from '../helpers/tls-pki.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const OTHER_LAYOUT = 'TLSMA-{keyType}/{identifier}_{envCode}';

it(
  'd1-ecom: a layout saved as confirmed in the wizard is the live check and the CSR check',
  { timeout: 90_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      prepare: async (d) => {
        await d.vault.init('layout vault passphrase');
      },
    });
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /D1 eCom Enablement/ }).check();
    await page.getByLabel('Your merchantGatewayId').fill('MGW_123456');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    for (const [label, value] of [
      ['Country (C)', 'FR'],
      ['State or province (ST)', 'Ile-de-France'],
      ['Locality (L)', 'Paris'],
      ['Organization (O)', 'Acme Payments'],
      ['Organizational unit (OU)', 'Gateway'],
    ]) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    // The layout and the template wait under "Advanced"; the final CN is shown first.
    await page.getByText('Advanced: the Common Name template').click();
    const layoutBox = page.getByTestId('confirmed-layout');
    await layoutBox
      .getByText('No layout is saved as confirmed with Thales for D1 eCom Enablement yet.')
      .waitFor();

    // A template that is not a layout: the save button is off and says why.
    const templateField = page.getByLabel('Common Name template');
    await templateField.fill('TLSMA-{keyType}/{identifier}');
    await layoutBox.getByText(/must contain \{envCode\} after the "\/"/).waitFor();
    assert.equal(
      await page
        .getByRole('button', { name: 'Save this layout as confirmed by Thales' })
        .isDisabled(),
      true,
    );

    // Another layout, not yet confirmed: a warning (the CSR may still be made).
    await templateField.fill(OTHER_LAYOUT);
    await expectFinalCn(page, 'TLSMA-ECDSA/MGW_123456_PPR', false);
    await page.getByText(/has the required parts but not the default layout/).waitFor();
    await screenshotSizes(page, 'cn-layout-1-unconfirmed');

    // Saved as confirmed: the live check now says so, and so do the settings and the audit trail.
    await page.getByRole('button', { name: 'Save this layout as confirmed by Thales' }).click();
    await layoutBox
      .getByText(`Layout confirmed with Thales for D1 eCom Enablement: ${OTHER_LAYOUT}.`)
      .waitFor();
    await expectFinalCn(page, 'TLSMA-ECDSA/MGW_123456_PPR', true);
    assert.equal(await page.getByText(/not the default layout/).count(), 0);
    assert.equal(desk.programs.confirmedCommonNameLayout('d1-ecom'), OTHER_LAYOUT);
    assert.ok(
      desk.audit
        .entries()
        .some((e) => e.action === 'cn-layout.confirmed' && e.details.template === OTHER_LAYOUT),
    );
    await screenshotSizes(page, 'cn-layout-2-confirmed');

    // The default layout is now the one refused, live: the CSR button is off.
    await templateField.fill('TLSMA-{keyType}/{identifier}-{envCode}');
    await page
      .getByText(
        /but the layout confirmed with Thales \(TLSMA-\{keyType\}\/\{identifier\}_\{envCode\}\) gives "TLSMA-ECDSA\/MGW_123456_PPR"/,
      )
      .waitFor();
    const generate = page.getByRole('button', { name: 'Generate key and CSR' });
    assert.equal(await generate.isDisabled(), true);
    await page
      .getByRole('button', {
        name: 'Save this layout as confirmed by Thales (replaces the saved one)',
      })
      .waitFor();
    await screenshotSizes(page, 'cn-layout-3-differs');

    // Back to the confirmed layout: the CSR is made with that CN, as OpenSSL reads it.
    await templateField.fill(OTHER_LAYOUT);
    await generate.click();
    await page.getByText('Certificate signing request for').waitFor();
    assert.equal(
      await page.getByTestId('final-cn').first().textContent(),
      'TLSMA-ECDSA/MGW_123456_PPR',
    );
    await page.getByText('(layout confirmed with Thales)').first().waitFor();
    const [onboarding] = desk.onboardings.list();
    const csrFile = writePem(
      tempDir(),
      'client.csr',
      desk.onboardings.get(onboarding.id).current!.csr!.pem,
    );
    opensslOk(['req', '-in', csrFile, '-verify', '-noout']);
    assert.match(
      opensslOk(['req', '-in', csrFile, '-noout', '-subject', '-nameopt', 'RFC2253']),
      /CN=TLSMA-ECDSA\/MGW_123456_PPR,OU=Gateway,O=Acme Payments,L=Paris,ST=Ile-de-France,C=FR/,
    );

    // A second onboarding of the program starts from the confirmed layout; forgetting it goes back
    // to the default layout and its unconfirmed note.
    await page.getByRole('button', { name: 'Onboardings' }).click();
    await page.getByRole('button', { name: 'New onboarding' }).click();
    await page.getByRole('radio', { name: /D1 eCom Enablement/ }).check();
    await page.getByLabel('Your merchantGatewayId').fill('MGW_654321');
    await page.getByRole('radio', { name: 'Pre-Production' }).check();
    await page.getByRole('button', { name: 'Create onboarding' }).click();
    await page.getByRole('heading', { name: 'Client identity', level: 2 }).waitFor();
    await expectFinalCn(page, 'TLSMA-ECDSA/MGW_654321_PPR', true);
    await page.getByText('Advanced: the Common Name template').click();
    assert.equal(await page.getByLabel('Common Name template').inputValue(), OTHER_LAYOUT);
    await page.getByRole('button', { name: 'Forget the confirmed layout' }).click();
    await expectFinalCn(page, 'TLSMA-ECDSA/MGW_654321-PPR', false);
    assert.equal(desk.programs.confirmedCommonNameLayout('d1-ecom'), undefined);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

/** The final CN (read-only) and its tick: "✓ confirmed with Thales", or the note to confirm it. */
async function expectFinalCn(page: Page, value: string, confirmed: boolean): Promise<void> {
  await page.waitForFunction(
    ([v, c]) =>
      document.querySelector('[data-testid=final-cn]')?.textContent === v &&
      (document.querySelector('[data-testid=cn-layout]')?.textContent ===
        '✓ confirmed with Thales') ===
        c,
    [value, confirmed] as const,
  );
}
