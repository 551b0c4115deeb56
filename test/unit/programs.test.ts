import assert from 'node:assert/strict';
import { cpSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { tempDir } from '../helpers/tmp.js';
import { cli } from '../helpers/cli.js';

const catalog = ProgramCatalog.load();

describe('program profiles', () => {
  it('loads the five Thales programs with their rules', () => {
    assert.deepEqual(
      catalog
        .list()
        .map((p) => p.id)
        .sort(),
      ['d1-ecom', 'd1-issuer', 'tmg-merchant', 'tsh-classic', 'xpay-enablement'],
    );
    const tsh = catalog.get('tsh-classic');
    assert.equal(tsh.clientCertificate.mode, 'self-signed');
    assert.equal(tsh.clientCertificate.maxValidityDays, 730);
    assert.deepEqual(tsh.keyAlgorithms.allowed, ['ec-p256', 'ec-p384', 'rsa-2048']);
    assert.deepEqual(
      tsh.environments.map((e) => e.displayName),
      ['Pre-Production', 'Production'],
    );
    const tmg = catalog.get('tmg-merchant');
    assert.equal(tmg.identifier.label, 'customer identifier');
    assert.deepEqual(
      tmg.environments.map((e) => [e.id, e.inboundEndpoint]),
      [
        ['sandbox', 'https://tmg.dbp-stg.thalescloud.io:443/1/sandbox-v2/'],
        ['prod', 'https://tmg.dbp.thalescloud.io:443/1/mg/'],
      ],
    );
    const d1 = catalog.get('d1-ecom');
    assert.equal(d1.identifier.label, 'merchantGatewayId');
    assert.equal(catalog.get('d1-issuer').identifier.label, 'issuerId');
    assert.deepEqual(
      d1.environments.map((e) => e.code),
      ['PPR', 'PRD'],
    );
    assert.equal(d1.clientCertificate.mode, 'csr');
    assert.deepEqual(
      d1.keyAlgorithms.refused.map((r) => r.algorithm),
      ['rsa-2048'],
    );
    assert.equal(d1.thalesServerCa?.anyOf[0].equals, 'Amazon');
    assert.equal(tsh.thalesServerCa?.anyOf[0].equals, 'DigiCert SHA2 High Assurance Server CA');
    // Thales may change its server CA: another one is a warning, never a refusal.
    assert.deepEqual(
      catalog.list().map((p) => p.thalesServerCa?.severity ?? null),
      ['warning', 'warning', 'warning', 'warning', null],
    );
    // D1 hosts: the published API servers, as editable defaults that say where they come from.
    assert.deepEqual(
      d1.environments.map((e) => [e.id, e.inboundEndpoint, e.inboundEndpointSource]),
      [
        [
          'preprod',
          'https://api.d1-stg.thalescloud.io',
          'from the published D1 API servers (Staging, taken as Pre-Production: confirm with Thales)',
        ],
        ['prod', 'https://api.d1.thalescloud.io', 'from the published D1 API servers'],
      ],
    );
    // The Thales Client CA can be recorded for every program; the TSH portal is named.
    for (const p of catalog.list())
      assert.ok(
        p.assets.some((a) => a.name === 'THALES_CLIENT_CA'),
        `${p.id} has THALES_CLIENT_CA`,
      );
    assert.equal(
      tsh.portal?.url,
      'https://portal.dbp.thalescloud.io/app-tsh-onboarding/index.html#/',
    );
  });

  it('xPay Enablement: a CSR for the Thales CA; what is not published is listed as unconfirmed', () => {
    const xpay = catalog.get('xpay-enablement');
    assert.equal(xpay.clientCertificate.mode, 'csr');
    assert.deepEqual(xpay.keyAlgorithms.allowed, ['ec-p256', 'rsa-4096']);
    assert.deepEqual(
      xpay.environments.map((e) => [e.displayName, e.inboundEndpoint]),
      [
        ['Pre-Production', 'https://api.dbp-stg.thalescloud.io'],
        ['Production', 'https://api.dbp.thalescloud.io'],
      ],
    );
    assert.equal(xpay.commonName.kind, 'exact');
    assert.equal(xpay.thalesServerCa, null);
    assert.deepEqual(
      xpay.unconfirmed.map((u) => u.rule),
      ['commonName', 'thalesServerCa', 'outbound'],
    );
  });

  it('a profile without a documented server CA must say the CA is unconfirmed', () => {
    const dir = tempDir();
    const broken = JSON.parse(
      readFileSync(join(catalog.programsDir, 'xpay-enablement.json'), 'utf8'),
    );
    broken.unconfirmed = [];
    writeFileSync(join(dir, 'xpay-enablement.json'), JSON.stringify(broken));
    assert.throws(() => ProgramCatalog.load(dir), /thalesServerCa as unconfirmed/);
  });

  it('adding a program is adding one data file', () => {
    const dir = tempDir();
    cpSync(catalog.programsDir, dir, { recursive: true });
    const extra = JSON.parse(readFileSync(join(dir, 'tsh-classic.json'), 'utf8'));
    extra.id = 'tsh-extra';
    extra.displayName = 'An extra program';
    writeFileSync(join(dir, 'tsh-extra.json'), JSON.stringify(extra));
    assert.equal(ProgramCatalog.load(dir).get('tsh-extra').displayName, 'An extra program');
  });

  it('refuses a profile that breaks the schema, naming the file and the field', () => {
    const dir = tempDir();
    const broken = JSON.parse(readFileSync(join(catalog.programsDir, 'd1-ecom.json'), 'utf8'));
    broken.clientCertificate.signatureHash = 'SHA-1';
    writeFileSync(join(dir, 'd1-ecom.json'), JSON.stringify(broken));
    assert.throws(
      () => ProgramCatalog.load(dir),
      /d1-ecom\.json does not follow the schema: clientCertificate\.signatureHash/,
    );
    broken.clientCertificate.signatureHash = 'SHA-256';
    broken.keyAlgorithms.allowed = ['rsa-4096', 'ec-p256', 'rsa-2048'];
    writeFileSync(join(dir, 'd1-ecom.json'), JSON.stringify(broken));
    assert.throws(
      () => ProgramCatalog.load(dir),
      /recommended key algorithm must be listed first.*rsa-2048 is both allowed and refused/s,
    );
  });

  it('lists programs in the CLI, as text and JSON', async () => {
    const json = await cli(['programs', '--json']);
    assert.equal(json.code, 0);
    const parsed = JSON.parse(json.stdout);
    assert.deepEqual(
      parsed.programs.map((p: { id: string }) => p.id),
      ['d1-ecom', 'd1-issuer', 'tmg-merchant', 'tsh-classic', 'xpay-enablement'],
    );
    const text = await cli(['programs']);
    assert.match(text.stdout, /tmg-merchant {2}Merchant Tokenization/);
    assert.match(text.stdout, /refused: RSA 2048/);
    assert.match(text.stdout, /xpay-enablement {2}xPay Enablement/);
    assert.match(text.stdout, /unconfirmed {4}thalesServerCa: ask your Thales representative/);
    assert.match(
      text.stdout,
      /https:\/\/api\.d1\.thalescloud\.io from the published D1 API servers/,
    );
  });
});
