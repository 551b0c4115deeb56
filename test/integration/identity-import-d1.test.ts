// A D1 (CSR program) client identity imported as an existing key with the certificate the Thales
// CA signed: there is no CSR, and none is needed. The identity step is done, the signed-certificate
// step too, and a partial bundle does not ask for a CSR; a D1 identity generated here still does
// until its CSR exists (the check can fail).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { makeCa, signCsr, unlockedDesk } from './desk-fixtures.js';

it('a D1 key imported with its Thales-signed certificate needs no CSR: identity done, bundle asks none', async () => {
  const { desk } = await unlockedDesk();
  const dir = tempDir();
  const key = join(dir, 'client.key');
  const csr = join(dir, 'client.csr');
  opensslOk([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-sha256',
    '-subj',
    '/C=FR/ST=IDF/L=Paris/O=Acme Payments/OU=Gateway/CN=TLSMA-ECDSA\\/MGW_IMPORT-PPR',
  ]);
  const thales = await makeCa('CN=Thales Test Business CA,O=Thales');
  const signed = await signCsr(readFileSync(csr, 'utf8'), thales);
  const o = desk.onboardings.create({
    program: 'd1-ecom',
    identifier: 'MGW_IMPORT',
    environment: 'preprod',
  });
  const other = desk.onboardings.create({
    program: 'd1-ecom',
    identifier: 'MGW_NOIDEN',
    environment: 'preprod',
  });
  for (const id of [o.id, other.id])
    await desk.assets.import({
      onboardingId: id,
      as: 'ISSUER_HOST',
      data: 'api.bank.example/d1',
      source: 'pasted text',
    });
  // Without an identity: the step is missing and the partial bundle asks for the CSR.
  assert.equal(desk.onboardings.get(other.id).steps.identity, 'missing');
  const without = await desk.exports.bundle({
    onboardingId: other.id,
    out: join(tempDir(), 'without-PARTIAL.zip'),
    partial: true,
  });
  assert.ok(without.manifest.stillNeeded?.some((s) => s.asset === 'CUSTOMER_CSR'));

  await desk.assets.importIdentityFiles({
    onboardingId: o.id,
    key: { data: readFileSync(key), source: 'client.key' },
    certificate: { data: signed.toString('pem') + '\n' + thales.pem, source: 'signed.pem' },
  });
  const view = desk.onboardings.get(o.id);
  const identity = view.record.identities[0];
  assert.equal(identity.imported, true);
  assert.equal(identity.csr, null);
  assert.equal(view.steps.identity, 'done');
  assert.notEqual(view.steps.signed, 'missing');

  const out = join(tempDir(), 'after-PARTIAL.zip');
  const after = await desk.exports.bundle({ onboardingId: o.id, out, partial: true });
  assert.ok(!after.manifest.stillNeeded?.some((s) => s.asset === 'CUSTOMER_CSR'));
  assert.ok(!after.files.some((f) => f.includes('CUSTOMER_CSR')));
});
