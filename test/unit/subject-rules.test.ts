// The pure subject and Common Name rules the CLI uses and the renderer runs live on form input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { lintSubject } from '../../shared/rules/subject.js';
import { identifierProblem } from '../../shared/identifier.js';
import { DEFAULT_EXPIRING_SOON_DAYS, type LintContext } from '../../shared/rules/context.js';
import {
  buildCommonName,
  commonNameTemplateProblem,
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
        identifier: 'MGW_123456',
        keyAlgorithm: 'ec-p256',
      }),
      'TLSMA-ECDSA/MGW_123456-PPR',
    );
    assert.equal(
      buildCommonName({
        profile: d1,
        environmentId: 'prod',
        identifier: 'MGW_123456',
        keyAlgorithm: 'rsa-4096',
      }),
      'TLSMA-RSA/MGW_123456-PRD',
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
    assert.deepEqual(ids({ CN: 'TLSMA-ECDSA/MGW_123456-PPR' }, ctx('d1-ecom')), [
      'subject-field-missing',
      'subject-field-missing',
      'subject-field-missing',
      'subject-field-missing',
      'subject-field-missing',
      'cn-confirm-with-thales',
    ]);
    assert.deepEqual(
      ids(
        { C: 'fr', ST: 'x', L: 'x', O: 'x'.repeat(65), OU: 'x', CN: 'TLSMA-ECDSA/MGW_123456-PPR' },
        ctx('d1-ecom'),
      ),
      ['country-code-invalid', 'subject-field-too-long', 'cn-confirm-with-thales'],
    );
    const full = { C: 'FR', ST: 'x', L: 'x', O: 'x', OU: 'x' };
    const mgw = ctx('d1-ecom', { identifier: 'MGW_123456' });
    // Known wrong: an error. The identifier or the environment code missing after the slash.
    assert.deepEqual(ids({ ...full, CN: 'TLSMA-ECDSA/MGW_654321-PPR' }, mgw), [
      'cn-identifier-missing',
    ]);
    assert.deepEqual(ids({ ...full, CN: 'TLSMA-ECDSA/MGW_123456-PRD' }, mgw), [
      'cn-env-code-missing',
    ]);
    // The key-type word must match the key; the prefix and the slash must be there.
    assert.deepEqual(ids({ ...full, CN: 'TLSMA-RSA/MGW_123456-PPR' }, mgw, 'ec-p256'), [
      'cn-key-type',
    ]);
    assert.deepEqual(ids({ ...full, CN: 'TLSMA-DSA/MGW_123456-PPR' }, mgw), ['cn-key-type']);
    assert.deepEqual(ids({ ...full, CN: 'MGW_123456-PPR' }, mgw), ['cn-pattern']);
    assert.deepEqual(ids({ ...full, CN: 'TLSMA-ECDSA MGW_123456-PPR' }, mgw), ['cn-pattern']);
    // Every known part right, another layout: a warning to confirm with Thales, not a refusal.
    const other = lintSubject({ ...full, CN: 'TLSMA-ECDSA/MGW_123456_PPR' }, mgw, 'ec-p256');
    assert.deepEqual(
      other.map((f) => [f.id, f.severity]),
      [
        ['cn-layout-unconfirmed', 'warning'],
        ['cn-confirm-with-thales', 'info'],
      ],
    );
    assert.match(
      other[1].message,
      /final Common Name: TLSMA-ECDSA\/MGW_123456_PPR \(layout not confirmed/,
    );
    // A layout saved as confirmed is the check: the same CN then passes, and the default is an error.
    const confirmed = ctx('d1-ecom', {
      identifier: 'MGW_123456',
      confirmedCommonNameTemplate: 'TLSMA-{keyType}/{identifier}_{envCode}',
    });
    const ok = lintSubject({ ...full, CN: 'TLSMA-ECDSA/MGW_123456_PPR' }, confirmed, 'ec-p256');
    assert.deepEqual(
      ok.map((f) => f.id),
      ['cn-layout-confirmed'],
    );
    assert.match(ok[0].message, /layout confirmed with Thales/);
    assert.deepEqual(ids({ ...full, CN: 'TLSMA-ECDSA/MGW_123456-PPR' }, confirmed), [
      'cn-mismatch',
    ]);
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

  it('a confirmed layout keeps TLSMA-{keyType}/ first and the identifier and environment code after it', () => {
    assert.equal(commonNameTemplateProblem('TLSMA-{keyType}/{identifier}_{envCode}'), null);
    assert.match(commonNameTemplateProblem('TLSMA-RSA/{identifier}_{envCode}')!, /must start with/);
    assert.match(commonNameTemplateProblem('TLSMA-{keyType}/{identifier}')!, /\{envCode\}/);
    assert.match(
      commonNameTemplateProblem('TLSMA-{keyType}/{identifier}-{env}-{envCode}')!,
      /\{env\}/,
    );
  });
});

describe('identifiers', () => {
  it('D1 ids are exactly 10 characters, with one sentence per wrong id', () => {
    for (const program of ['d1-ecom', 'd1-issuer']) {
      const profile = catalog.get(program);
      assert.equal(identifierProblem(profile, profile.identifier.example), null);
      assert.equal(identifierProblem(profile, 'MGW_123456'), null);
      assert.equal(identifierProblem(profile, 'A-b_0123zZ'), null);
      for (const wrong of ['MGW_12345', 'MGW_1234567', 'MGW 123456', 'MGW/123456', 'MGW123']) {
        const problem = identifierProblem(profile, wrong);
        assert.ok(problem, wrong);
        assert.match(problem!, new RegExp(`^the ${profile.identifier.label} "${wrong}"`));
        assert.match(problem!, /exactly 10 letters, digits, "_" or "-"/);
        assert.match(problem!, /\(e\.g\. [A-Z]{3}_\d{6}\)$/);
      }
      assert.match(identifierProblem(profile, 'MGW_12345')!, /9 characters/);
      assert.match(identifierProblem(profile, 'MGW_1234567')!, /11 characters/);
    }
    // TSH, TMG and xPay keep their customer identifier rule.
    assert.equal(identifierProblem(catalog.get('tsh-classic'), 'CUST01'), null);
    assert.equal(identifierProblem(catalog.get('xpay-enablement'), 'CUST01'), null);
  });
});
