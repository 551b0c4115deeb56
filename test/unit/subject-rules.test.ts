// The pure subject and Common Name rules the CLI uses and the renderer runs live on form input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { lintSubject } from '../../shared/rules/subject.js';
import { DEFAULT_EXPIRING_SOON_DAYS, type LintContext } from '../../shared/rules/context.js';
import {
  buildCommonName,
  formatSubject,
  parseSubject,
  SubjectSyntaxError,
  toOpensslSubj,
} from '../../shared/subject.js';

const catalog = ProgramCatalog.load();
const ctx = (program: string, extra: Partial<LintContext> = {}): LintContext => ({
  profile: catalog.get(program),
  environmentId: 'preprod',
  now: new Date(),
  expiringSoonDays: DEFAULT_EXPIRING_SOON_DAYS,
  ...extra,
});

describe('subject parsing', () => {
  it('parses fields, escaped commas and a "/" in a value', () => {
    assert.deepEqual(parseSubject('C=FR, st=IDF,O=Acme\\, Inc,CN=TLSMA-RSA/X-PPR'), {
      C: 'FR',
      ST: 'IDF',
      O: 'Acme, Inc',
      CN: 'TLSMA-RSA/X-PPR',
    });
    assert.equal(formatSubject({ CN: 'a', C: 'FR', O: 'x,y' }), 'C=FR, O=x\\,y, CN=a');
    assert.equal(toOpensslSubj({ C: 'FR', CN: 'TLSMA-RSA/X-PPR' }), '/C=FR/CN=TLSMA-RSA\\/X-PPR');
  });

  it('refuses what it cannot read, saying how to write it', () => {
    assert.throws(
      () => parseSubject('C=FR,Acme'),
      (e: Error) => e instanceof SubjectSyntaxError && /"Acme" has no "="/.test(e.message),
    );
    assert.throws(() => parseSubject('EMAIL=a@b'), /field "EMAIL" is not supported/);
    assert.throws(() => parseSubject('O=a,O=b'), /O is given twice/);
  });
});

describe('Common Name rules', () => {
  it('builds the D1 CN from the template, per key type and environment', () => {
    const d1 = catalog.get('d1-ecom');
    assert.equal(
      buildCommonName({
        profile: d1,
        environmentId: 'preprod',
        identifier: 'MGW1',
        keyAlgorithm: 'ec-p256',
      }),
      'TLSMA-ECDSA/MGW1-PPR',
    );
    assert.equal(
      buildCommonName({
        profile: d1,
        environmentId: 'prod',
        identifier: 'MGW1',
        keyAlgorithm: 'rsa-4096',
      }),
      'TLSMA-RSA/MGW1-PRD',
    );
    assert.equal(
      buildCommonName({
        profile: d1,
        environmentId: 'prod',
        identifier: 'M',
        keyAlgorithm: 'rsa-4096',
        template: 'TLSMA-{keyType}/{envCode}.{identifier}',
      }),
      'TLSMA-RSA/PRD.M',
    );
    assert.equal(
      buildCommonName({
        profile: catalog.get('tsh-classic'),
        environmentId: 'preprod',
        identifier: 'C',
        keyAlgorithm: 'ec-p256',
      }),
      null,
    );
  });

  it('flags on form input: missing fields, long values, bad country, wrong CN', () => {
    const ids = (
      subject: Parameters<typeof lintSubject>[0],
      c: LintContext,
      alg: Parameters<typeof lintSubject>[2] = 'ec-p256',
    ) => lintSubject(subject, c, alg).map((f) => f.id);
    assert.deepEqual(ids({ CN: 'TLSMA-ECDSA/MGW1-PPR' }, ctx('d1-ecom')), [
      'subject-field-missing',
      'subject-field-missing',
      'subject-field-missing',
      'subject-field-missing',
      'subject-field-missing',
      'cn-confirm-with-thales',
    ]);
    assert.deepEqual(
      ids(
        { C: 'fr', ST: 'x', L: 'x', O: 'x'.repeat(65), OU: 'x', CN: 'TLSMA-ECDSA/MGW1-PPR' },
        ctx('d1-ecom'),
      ),
      ['country-code-invalid', 'subject-field-too-long', 'cn-confirm-with-thales'],
    );
    assert.deepEqual(
      ids(
        { C: 'FR', ST: 'x', L: 'x', O: 'x', OU: 'x', CN: 'TLSMA-ECDSA/MGW2-PPR' },
        ctx('d1-ecom', { identifier: 'MGW1' }),
      ),
      ['cn-mismatch', 'cn-confirm-with-thales'],
    );
    assert.deepEqual(
      ids({ CN: 'portal-value' }, ctx('tsh-classic', { expectedCommonName: 'portal-value' })),
      [],
    );
    assert.deepEqual(
      ids({ CN: 'other' }, ctx('tsh-classic', { expectedCommonName: 'portal-value' })),
      ['cn-mismatch'],
    );
    assert.deepEqual(ids({}, ctx('tsh-classic')), ['cn-missing']);
  });
});
