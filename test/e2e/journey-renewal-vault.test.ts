// The identity over its life and the vault by hand: a validity chosen within the program maximum,
// renewal (new key, same profile and subject, old one kept until retired), key delete with an
// explicit confirmation and restore from the tombstone, passphrase change, and the .ics renewal
// reminders. Screen text, vault files and OpenSSL agree.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser } from 'playwright';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { writePem } from '../helpers/tls-pki.js';
import { invoke, launchChromium, openDeskApp, rendererErrors, screenshot } from './bridge.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const PASSPHRASE = 'renewal journey passphrase';
const NEW_PASSPHRASE = 'a new and longer passphrase';
const DAY_MS = 86_400_000;

function validityDays(pemFile: string): number {
  const dates = opensslOk(['x509', '-in', pemFile, '-noout', '-startdate', '-enddate']);
  const [start, end] = [/notBefore=(.*)/, /notAfter=(.*)/].map((r) =>
    Date.parse(r.exec(dates)![1]),
  );
  return Math.round((end - start) / DAY_MS);
}

it(
  'validity, renewal, retire, key delete and restore, passphrase change and renewal reminders',
  { timeout: 120_000 },
  async () => {
    const dataDir = tempDir();
    const outDir = tempDir();
    const work = tempDir();
    const { page, desk, saved } = await openDeskApp(browser, {
      dataDir,
      outDir,
      prepare: async (d) => {
        await d.vault.init(PASSPHRASE);
        d.onboardings.create({
          program: 'tsh-classic',
          identifier: 'CUST02',
          environment: 'preprod',
        });
      },
    });
    const onboardingId = desk.onboardings.list()[0].id;
    await page.getByRole('button', { name: 'CUST02' }).click();

    // Validity: the program maximum by default, never more.
    const validity = page.getByLabel(/Certificate validity in days \(at most 730/);
    assert.equal(await validity.inputValue(), '730');
    await page.getByLabel(/Common Name \(CN\), exactly as/).fill('CUST02-PREPROD');
    await validity.fill('731');
    await page.getByText('Give a whole number of days from 1 to 730.').waitFor();
    assert.equal(
      await page
        .getByRole('button', { name: 'Generate key and self-signed certificate' })
        .isDisabled(),
      true,
    );
    const refused = await invoke(page, 'identity.generate', {
      onboardingId: 'tsh-classic/CUST02/preprod',
      operationId: 'op-x',
      algorithm: 'ec-p256',
      commonName: 'CUST02-PREPROD',
      days: 731,
    });
    assert.equal(refused.ok, false, 'main refuses more than the program maximum too');
    assert.match(refused.error.message, /1 to 730 days/);
    assert.deepEqual(desk.vault.keys(), []);
    await validity.fill('365');
    await page.getByRole('button', { name: 'Generate key and self-signed certificate' }).click();
    await page.getByRole('heading', { name: 'Renewal' }).waitFor();
    const first = desk.onboardings.get(onboardingId).current!;
    const firstFile = writePem(work, 'first.pem', first.certificate!.pem);
    assert.equal(validityDays(firstFile), 365);
    await screenshot(page, 'renewal-1-identity-365-days');

    // Renewal: a new key and certificate, same algorithm and subject; the old one kept.
    await page.getByRole('button', { name: 'Renew: new key and certificate' }).click();
    const identities = page.getByRole('table', { name: 'Client identities' });
    await identities.waitFor();
    const view = desk.onboardings.get(onboardingId);
    const second = view.current!;
    assert.notEqual(second.keyId, first.keyId);
    assert.equal(second.predecessorId, first.id);
    const secondFile = writePem(work, 'second.pem', second.certificate!.pem);
    const subject = (file: string) =>
      opensslOk(['x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253']);
    assert.equal(subject(secondFile), subject(firstFile));
    assert.match(opensslOk(['x509', '-in', secondFile, '-noout', '-text']), /ASN1 OID: prime256v1/);
    assert.equal(validityDays(secondFile), 730, 'the renewal takes the program maximum by default');
    assert.notEqual(
      opensslOk(['x509', '-in', secondFile, '-noout', '-pubkey']),
      opensslOk(['x509', '-in', firstFile, '-noout', '-pubkey']),
    );
    assert.equal(
      await identities.locator(`tr[data-identity="${second.id}"] td`).nth(4).textContent(),
      'in use',
    );
    assert.equal(
      await identities.locator(`tr[data-identity="${first.id}"] td`).nth(4).textContent(),
      'kept until retired',
    );
    assert.equal(desk.vault.keys().length, 2, 'both keys are in the vault');
    await screenshot(page, 'renewal-2-renewed');

    // Retire the old identity: its key stays in the vault (retiring is not deleting).
    await page
      .getByRole('button', {
        name: `Retire the identity made ${first.createdAt.slice(0, 10)} (key ${first.keyId})`,
      })
      .click();
    await identities.locator(`tr[data-identity="${first.id}"][data-state="retired"]`).waitFor();
    assert.ok(
      desk.onboardings.get(onboardingId).record.identities.find((i) => i.id === first.id)!
        .retiredAt,
    );
    assert.equal(desk.vault.keys().length, 2);

    // Vault screen: delete the retired key only after an explicit confirmation, then restore it.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Vault', exact: true })
      .click();
    const keys = page.getByRole('table', { name: 'Keys in the vault' });
    await keys.locator(`tr[data-key="${first.keyId}"]`).getByText('retired').waitFor();
    await page.getByRole('button', { name: `Delete key ${first.keyId}…` }).click();
    const confirm = page.getByRole('alertdialog', { name: `Delete key ${first.keyId}?` });
    await confirm.getByText('kept as a tombstone').waitFor();
    assert.equal(
      desk.vault.keys(true).find((k) => k.id === first.keyId)!.deletedAt,
      null,
      'asking is not deleting',
    );
    await confirm.getByRole('button', { name: 'Keep the key' }).click();
    assert.equal(await confirm.count(), 0);
    assert.equal(desk.vault.keys(true).find((k) => k.id === first.keyId)!.deletedAt, null);
    await page.getByRole('button', { name: `Delete key ${first.keyId}…` }).click();
    await screenshot(page, 'vault-1-confirm-delete');
    await page.getByRole('button', { name: `Yes, delete key ${first.keyId}` }).click();
    await page
      .getByText(`Key ${first.keyId} deleted; it can be restored from this list.`)
      .waitFor();
    assert.ok(desk.vault.keys(true).find((k) => k.id === first.keyId)!.deletedAt, 'a tombstone');
    assert.equal(
      desk.vault.keys().some((k) => k.id === first.keyId),
      false,
    );
    assert.ok(
      readdirSync(join(dataDir, 'vault', 'keys')).some((f) => f.startsWith(first.keyId)),
      'the sealed key stays on disk until purged',
    );
    const refusedDelete = await invoke(page, 'keys.delete', { keyId: second.keyId });
    assert.equal(refusedDelete.error.code, 'bad-request', 'no delete without confirm: true');
    assert.equal(
      desk.vault.keys().some((k) => k.id === second.keyId),
      true,
    );
    await page.getByRole('button', { name: `Restore key ${first.keyId}` }).click();
    await page.getByText(`Key ${first.keyId} restored.`).waitFor();
    assert.equal(
      desk.vault.keys().some((k) => k.id === first.keyId),
      true,
    );
    assert.deepEqual(
      desk.audit
        .entries()
        .filter((e) => e.action === 'key.deleted' || e.action === 'key.restored')
        .map((e) => e.action),
      ['key.deleted', 'key.restored'],
    );

    // Passphrase change: a wrong current one changes nothing; then the new one is the only one.
    await page.getByLabel('Current master passphrase').fill('not the passphrase');
    await page.getByLabel('New master passphrase').fill(NEW_PASSPHRASE);
    await page.getByLabel('Repeat the new passphrase').fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    // Said at the field it is about (the summary on top links to it).
    await page
      .locator('.field-error')
      .getByText('wrong current master passphrase: nothing was changed')
      .waitFor();
    await page
      .locator('.error-summary')
      .getByRole('link', { name: 'Current master passphrase' })
      .waitFor();
    await page.getByLabel('Current master passphrase').fill(PASSPHRASE);
    await page.getByLabel('New master passphrase').fill(NEW_PASSPHRASE);
    await page.getByLabel('Repeat the new passphrase').fill('a different repeat');
    await page.getByText('The two new passphrases differ.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Change passphrase' }).isDisabled(), true);
    await page.getByLabel('Repeat the new passphrase').fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    await page.getByText('Passphrase changed: use the new one from now on.').waitFor();
    await page.getByRole('button', { name: 'Lock vault' }).click();
    await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
    await page.getByLabel('Master passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page
      .getByRole('alert')
      .getByText(/wrong master passphrase/)
      .waitFor();
    await page.getByLabel('Master passphrase', { exact: true }).fill(NEW_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Onboardings' }).waitFor();
    for (const keyId of [first.keyId, second.keyId]) {
      assert.equal(
        await desk.vault.withPrivateKey(keyId, (key) => key.asymmetricKeyType),
        'ec',
        `${keyId} opens under the new passphrase`,
      );
    }

    // Renewal reminders: an .ics with one event per certificate in use (the retired one left out).
    await page.getByRole('button', { name: 'Export renewal reminders (.ics)…' }).click();
    await page.getByText(/1 renewal reminder saved to .*mtls-desk-renewals\.ics/).waitFor();
    const ics = readFileSync(
      saved.find((p) => p.endsWith('.ics'))!,
      'utf8',
    );
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.equal(ics.split('BEGIN:VEVENT').length - 1, 1);
    assert.match(
      ics,
      new RegExp(
        `DTSTART;VALUE=DATE:${second.certificate!.notAfter.slice(0, 10).replace(/-/g, '')}`,
      ),
    );
    assert.match(ics, /TRIGGER:-P90D[\s\S]*TRIGGER:-P30D[\s\S]*TRIGGER:-P7D/);
    await screenshot(page, 'vault-2-home-reminders');
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
