// The refusals of bad input in Japanese: real inputs refused by the real decoder, PKCS#12 reader
// and token URI reader carry their text as data (an id of shared/i18n/errors.ja.json and its
// params) beside the English sentence, which stays as it was; the page says them in Japanese,
// naming a paste in Japanese and a file by its name. The certificate boxes' own refusals (a key,
// a CSR, a PKCS#12 file where a certificate belongs) and the limit sentences do the same.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decodeArtifacts } from '../../electron/services/decode.js';
import { UserError } from '../../electron/services/errors.js';
import { tokenOfUri } from '../../electron/services/token/token.js';
import { loadJapanese } from '../../renderer/i18n/index.js';
import { errorText } from '../../renderer/components/data-text.js';
import {
  certificateFileText,
  misplacedInput,
  misplacedInputText,
} from '../../shared/cert-input.js';
import { sourceJa } from '../../shared/i18n/errors.js';
import { LIMIT_MESSAGES, LIMIT_TEXTS } from '../../shared/input-limits.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { unlockedDesk } from './desk-fixtures.js';

// The app says data in Japanese once its Japanese chunk has loaded (renderer/i18n/index.tsx).
before(() => loadJapanese());

const { desk } = await unlockedDesk();
after(() => desk.close());

/** The UserError a promise or call is refused with. */
async function refusal(run: () => Promise<unknown> | unknown): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof UserError, String(error));
    return error;
  }
  assert.fail('not refused');
}

/** What the page says of an error in a locale. */
function said(error: UserError, locale: 'en' | 'ja'): string {
  assert.ok(error.text, `${error.message}: no text as data`);
  return errorText(
    { message: error.message, messageId: error.text.id, params: error.text.params },
    locale,
  );
}

describe('bad input refused in Japanese', () => {
  it('1,001 BEGIN lines pasted: the count and the limit, the paste named in Japanese', async () => {
    const error = await refusal(() =>
      desk.assets.check({
        program: 'tsh-classic',
        environment: 'preprod',
        asset: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
        data: '-----BEGIN CERTIFICATE-----\n'.repeat(1001),
      }),
    );
    assert.match(error.message, /^pasted text has 1,001 "-----BEGIN" lines, more than the 1,000/);
    assert.equal(error.text?.id, 'pem.too-many-blocks');
    const ja = said(error, 'ja');
    assert.match(ja, /^貼り付けたテキストには「-----BEGIN」行が 1,001 行あり/);
    assert.match(ja, /1,000 行/);
    assert.equal(said(error, 'en'), error.message);
  });

  it('nine private keys in one PEM: refused by count, in Japanese', async () => {
    const pem = Array.from({ length: 9 }, () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    ).join('');
    const error = await refusal(() => decodeArtifacts(pem, 'keys.pem'));
    assert.match(error.message, /^keys\.pem holds 9 private keys, more than the 8/);
    assert.equal(error.text?.id, 'input.too-many-keys');
    const ja = said(error, 'ja');
    assert.match(ja, /^keys\.pem には秘密鍵が 9 個/);
    assert.doesNotMatch(ja, /private keys/);
  });

  it('the CLI stays English; its --json error carries the same id and params for an app to say', async () => {
    const file = join(tempDir(), 'many.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\n'.repeat(1001));
    const result = await cli(['inspect', file, '--json']);
    assert.equal(result.code, 2);
    const { error } = JSON.parse(result.stdout) as {
      error: { message: string; text?: { id: string; params: Record<string, string | number> } };
    };
    assert.match(error.message, /has 1,001 "-----BEGIN" lines/);
    assert.equal(error.text?.id, 'pem.too-many-blocks');
    const ja = errorText(
      { message: error.message, messageId: error.text.id, params: error.text.params },
      'ja',
    );
    assert.match(ja, /1,001/);
    assert.match(ja, /[\u3040-\u30ff\u4e00-\u9fff]/);
    assert.match(result.stderr, /^mtls-desk inspect: .*has 1,001 "-----BEGIN" lines/);
  });

  it('a damaged PKCS#12 file imported with a passphrase: said in Japanese with its name', async () => {
    const dir = tempDir();
    const key = join(dir, 'k.pem');
    const cert = join(dir, 'c.pem');
    const p12 = join(dir, 'id.p12');
    const openssl = (args: string[]) => execFileSync('openssl', args, { timeout: 20_000 });
    openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      '/CN=CUT01',
      '-days',
      '2',
    ]);
    openssl([
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      cert,
      '-passout',
      'pass:right',
      '-out',
      p12,
    ]);
    // The length of the AuthenticatedSafe inside (OpenSSL writes it at offset 32, after the
    // PFX, its version, the ContentInfo and the OCTET STRING headers) made too long by 256.
    const damaged = readFileSync(p12);
    assert.deepEqual([...damaged.subarray(30, 32)], [0x30, 0x82]);
    damaged[32] += 1;
    const onboardingId = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'CUT01',
      environment: 'preprod',
    }).id;
    const error = await refusal(() =>
      desk.assets.import({
        onboardingId,
        as: 'identity',
        data: damaged,
        source: 'id.p12',
        passphrase: 'wrong',
      }),
    );
    assert.equal(error.message, 'id.p12 is damaged or truncated: get it again in full');
    assert.equal(error.text?.id, 'pkcs12.damaged');
    const ja = said(error, 'ja');
    assert.match(ja, /^id\.p12 は破損しているか、途中で切れています/);
    assert.equal(desk.vault.keys().length, 0, 'nothing was imported');
  });

  it('a pkcs11: URI without a token, or with a PIN: said in Japanese, the URI kept as it is', async () => {
    const noToken = await refusal(() => tokenOfUri('pkcs11:object=client'));
    assert.equal(
      noToken.message,
      'the pkcs11: URI pkcs11:object=client names no token: add token=LABEL',
    );
    assert.match(said(noToken, 'ja'), /^pkcs11: URI pkcs11:object=client はトークンを指定して/);
    const pin = await refusal(() => tokenOfUri('pkcs11:token=t;object=k;pin-value=1234'));
    assert.equal(pin.text?.id, 'token.uri-pin');
    assert.match(said(pin, 'ja'), /PIN が含まれています/);
    assert.doesNotMatch(said(pin, 'ja'), /1234/);
  });
});

describe('the certificate boxes and the limit sentences as data', () => {
  it('a key, a CSR or an empty file in a certificate box: the same refusal in Japanese', () => {
    // A key made here, never one kept in the repository.
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
    for (const [text, english, japanese] of [
      [key, /private key/, /秘密鍵です/],
      [csr, /CSR/, /証明書署名要求 \(CSR\)/],
    ] as const) {
      const message = misplacedInput(text)!;
      const data = misplacedInputText(text)!;
      assert.match(message, english);
      const ja = errorText({ message, messageId: data.id, params: data.params }, 'ja');
      assert.match(ja, japanese);
      assert.equal(errorText({ message, messageId: data.id }, 'en'), message);
    }
    assert.equal(misplacedInputText('-----BEGIN CERTIFICATE-----'), null);
    const empty = certificateFileText(new Uint8Array(), 'empty.cer');
    assert.ok('refused' in empty);
    assert.equal(empty.refused, 'empty.cer is empty: choose the certificate file.');
    const ja = errorText(
      { message: empty.refused, messageId: empty.refusedText.id, params: empty.refusedText.params },
      'ja',
    );
    assert.match(ja, /^empty\.cer は空です/);
  });

  it('each limit sentence and its text carry the same numbers', () => {
    const cases: [string, { params?: Record<string, string | number> }][] = [
      [LIMIT_MESSAGES.tooManyCertificates('a', 1234), LIMIT_TEXTS.tooManyCertificates('a', 1234)],
      [LIMIT_MESSAGES.tooManyCertificates('a', null), LIMIT_TEXTS.tooManyCertificates('a', null)],
      [LIMIT_MESSAGES.tooManyPemBlocks('a', 5000), LIMIT_TEXTS.tooManyPemBlocks('a', 5000)],
      [LIMIT_MESSAGES.tooManyBags('a'), LIMIT_TEXTS.tooManyBags('a')],
      [LIMIT_MESSAGES.tooManyKeys('a', 12), LIMIT_TEXTS.tooManyKeys('a', 12)],
      [LIMIT_MESSAGES.tooMuchKdfWork('a', 3e7), LIMIT_TEXTS.tooMuchKdfWork('a', 3e7)],
      [LIMIT_MESSAGES.timedOut('a', 60_000), LIMIT_TEXTS.timedOut('a', 60_000)],
      [LIMIT_MESSAGES.cancelled('a'), LIMIT_TEXTS.cancelled('a')],
    ];
    for (const [message, text] of cases) {
      assert.equal(text.params?.source, 'a', message);
      for (const value of Object.values(text.params ?? {}))
        if (typeof value === 'number')
          assert.ok(message.includes(value.toLocaleString('en-US')), `${message}: ${value}`);
    }
  });

  it('names a paste and the readers’ fixed names in Japanese, a file by its own name', () => {
    assert.equal(sourceJa('pasted text'), '貼り付けたテキスト');
    assert.equal(sourceJa('pasted text #3'), '貼り付けたテキスト #3');
    assert.equal(sourceJa('the PKCS#12 file'), 'PKCS#12 ファイル');
    assert.equal(sourceJa('client.pem #2'), 'client.pem #2');
  });
});
