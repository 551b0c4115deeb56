// The hostile inputs of the security review end with one clear sentence, and are read off the
// main thread: a megabyte of BEGIN lines, a cut PEM block of a megabyte, a paste of 600
// certificates, a PKCS#12 file asking for 50,000,000 derivation iterations; a big DER PKCS#7
// trust bundle parses; a newer paste cancels the check still running; a timeout stops a load.
// (How long each takes is measured by `npm run bench`, not asserted here.)
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeArtifacts } from '../../electron/services/decode.js';
import { toPem } from '../../electron/services/der.js';
import { encryptPrivateKeyDer } from '../../electron/services/keys.js';
import { loadPemIdentity } from '../../electron/services/probe/client-identity.js';
import {
  beginLines,
  manyCertificates,
  manyKeyBagsPkcs12,
  pkcs7Of,
  unterminated,
} from '../helpers/hostile.js';
import { tempDir } from '../helpers/tmp.js';
import { makeCa, makeServerCert, newDesk } from './desk-fixtures.js';

const dir = tempDir('mtls-desk-hostile-');
const { desk } = newDesk();
const many = await manyCertificates(600);

const check = (data: string | Buffer, signal?: AbortSignal) =>
  desk.assets.check({
    program: 'tsh-classic',
    environment: 'preprod',
    asset: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
    data,
    signal,
  });

/** One sentence: no line break, no stack, ends without trailing detail. */
function oneSentence(message: string): void {
  assert.doesNotMatch(message, /\n|\bat .*\(/);
}

describe('hostile input', () => {
  it('a megabyte of BEGIN lines is refused by count, before any block is decoded', async () => {
    await assert.rejects(check(beginLines()), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'bad-input');
      assert.match(
        e.message,
        /^pasted text has 37,450 "-----BEGIN" lines, more than the 1,000 mTLS Desk reads from one input/,
      );
      oneSentence(e.message);
      return true;
    });
  });

  it('a BEGIN line followed by a megabyte without END is a cut block', async () => {
    await assert.rejects(check(unterminated()), (e: Error) => {
      assert.match(
        e.message,
        /pasted text: a PEM block starts but has no matching END line \(-----END CERTIFICATE-----\)/,
      );
      oneSentence(e.message);
      return true;
    });
  });

  it('a paste of 600 unrelated certificates: the foreign ones named in one short sentence', async () => {
    await assert.rejects(check(many.pem), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'bad-input');
      assert.match(
        e.message,
        /^pasted text: "CN=Pasted \d+, O=Hostile", "CN=Pasted \d+, O=Hostile", "CN=Pasted \d+, O=Hostile" and 596 other certificates do not belong to the chain of "CN=Pasted \d+, O=Hostile"/,
      );
      assert.ok(e.message.length < 400, e.message);
      return true;
    });
  });

  it('the main event loop keeps turning while a 600-certificate paste is checked', async () => {
    let ticks = 0;
    const timer = setInterval(() => void ticks++, 1);
    try {
      await assert.rejects(check(many.pem), { code: 'bad-input' });
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 0, 'no timer ran during the check: it ran on the main thread');
  });

  it('a real chain pasted still checks, ordered leaf first whatever the order given', async () => {
    const root = await makeCa('CN=Hostile Test Root');
    const intermediate = await makeCa('CN=Hostile Test Intermediate', root);
    const leaf = await makeServerCert('api.hostile.test', intermediate);
    const result = await check(root.pem + leaf.pem + intermediate.pem);
    assert.deepEqual(
      result.certificates.map((c) => c.subject),
      ['CN=api.hostile.test', 'CN=Hostile Test Intermediate', 'CN=Hostile Test Root'],
    );
  });

  it('a newer check of the same asset cancels the one still running', async () => {
    const first = check(many.pem);
    const second = check(beginLines(64 * 1024));
    await assert.rejects(first, {
      code: 'cancelled',
      message: 'reading pasted text was cancelled',
    });
    await assert.rejects(second, { code: 'bad-input', message: /"-----BEGIN" lines/ });
    const controller = new AbortController();
    const third = check(many.pem, controller.signal);
    controller.abort();
    await assert.rejects(third, { code: 'cancelled' });
  });

  it('a DER PKCS#7 bundle of 600 certificates parses; one of 1,001 is refused by count', async () => {
    const decoded = await decodeArtifacts(pkcs7Of(many.ders), 'trust.p7b');
    assert.equal(decoded.length, 600);
    assert.ok(decoded.every((d, i) => d.kind === 'certificate' && d.der.equals(many.ders[i])));
    const tooMany = [...many.ders, ...many.ders.slice(0, 401)];
    await assert.rejects(decodeArtifacts(pkcs7Of(tooMany), 'huge.p7b'), {
      code: 'bad-input',
      message:
        /^huge\.p7b holds 1,001 certificates, more than the 1,000 mTLS Desk reads from one input/,
    });
  });

  it('a PKCS#12 file of five 10,000,000-iteration key bags is refused for the sum, naming the file', async () => {
    const path = join(dir, 'five-bags.p12');
    writeFileSync(path, manyKeyBagsPkcs12(5, 10_000_000));
    const fromFile = desk.assets.import({
      onboardingId: desk.onboardings.create({
        program: 'tsh-classic',
        identifier: 'HOSTILE1',
        environment: 'preprod',
      }).id,
      as: 'identity',
      data: manyKeyBagsPkcs12(5, 10_000_000),
      source: 'five-bags.p12',
      passphrase: 'any password',
    });
    await assert.rejects(fromFile, {
      code: 'bad-input',
      message:
        /^five-bags\.p12 asks for 50,000,000 key-derivation iterations in all, more than the 20,000,000 mTLS Desk accepts for one file; nothing was decrypted/,
    });
  });

  it('a timeout stops an identity load while its key is derived, with one sentence', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const leaf = await makeCa('CN=Hostile identity');
    const keyPath = join(dir, 'slow.key');
    const certPath = join(dir, 'slow.pem');
    writeFileSync(
      keyPath,
      // 600,000 PBKDF2 iterations: far longer than the 50 ms allowed below.
      toPem('ENCRYPTED PRIVATE KEY', await encryptPrivateKeyDer(privateKey, 'pw')),
    );
    writeFileSync(certPath, leaf.pem);
    await assert.rejects(
      loadPemIdentity(certPath, keyPath, () => 'pw', { timeoutMs: 50 }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'bad-input');
        assert.equal(
          e.message,
          `reading ${certPath} + ${keyPath} took longer than 50 ms and was stopped: check it is the right file, or allow more time`,
        );
        return true;
      },
    );
  });
});
