// The PKCS#12 key derivation (RFC 7292 B.2) and its iterated hash agree with OpenSSL's own
// PKCS12KDF and with Node's hashes, for every digest, id, length and password shape we meet.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { iterateHash, pkcs12Kdf } from '../../electron/services/export/pkcs12-kdf.js';
import { MAC_ITERATIONS } from '../../electron/services/export/pkcs12.js';

/** OpenSSL's PKCS12KDF; it takes the password already as BMPString with its terminator. */
function opensslKdf(
  digest: string,
  password: string,
  salt: Buffer,
  id: number,
  iter: number,
  length: number,
): Buffer {
  const pass = Buffer.from(password + '\0', 'utf16le').swap16();
  const out = execFileSync(
    'openssl',
    [
      'kdf',
      '-keylen',
      String(length),
      '-kdfopt',
      `digest:${digest}`,
      '-kdfopt',
      `hexpass:${pass.toString('hex')}`,
      '-kdfopt',
      `hexsalt:${salt.toString('hex')}`,
      '-kdfopt',
      `iter:${iter}`,
      '-kdfopt',
      `id:${id}`,
      'PKCS12KDF',
    ],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return Buffer.from(out.trim().replaceAll(':', ''), 'hex');
}

describe('PKCS#12 key derivation', () => {
  it('iterates SHA-1, SHA-256, SHA-384 and SHA-512 as Node hashes round by round', () => {
    for (const digest of ['sha1', 'sha256', 'sha384', 'sha512']) {
      const start = createHash(digest).update(randomBytes(40)).digest();
      let expected = start;
      for (let i = 0; i < 1000; i++) expected = createHash(digest).update(expected).digest();
      assert.deepEqual(iterateHash(digest, start, 1000), expected, digest);
      assert.deepEqual(iterateHash(digest, start, 0), start, `${digest}, no rounds`);
    }
  });

  it("iterates SHA-1 and SHA-256 in WebAssembly as Node does, at 1, a few and the presets' counts", () => {
    // Counts around the 4,096 rounds of one WebAssembly call, and the presets' MAC count.
    const counts = [1, 2, 3, 64, 4095, 4096, 4097, MAC_ITERATIONS.modern, MAC_ITERATIONS.legacy];
    for (const digest of ['sha1', 'sha256']) {
      const start = createHash(digest).update(randomBytes(40)).digest();
      let expected = start;
      for (let i = 1; i <= Math.max(...counts); i++) {
        expected = createHash(digest).update(expected).digest();
        if (counts.includes(i))
          assert.deepEqual(iterateHash(digest, start, i), expected, `${digest}, ${i} rounds`);
      }
      // The input is left as it was, and a second run starts from its own input.
      const again = createHash(digest).update('again').digest();
      assert.deepEqual(
        iterateHash(digest, again, 1),
        createHash(digest).update(again).digest(),
        `${digest}, a second input`,
      );
    }
  });

  it('derives what OpenSSL derives: keys, IVs and MAC keys, short and multi-block', () => {
    const cases: Array<[string, number, string, number, number, number]> = [
      ['SHA1', 64, 'export passphrase', 1, 2048, 24],
      ['SHA1', 64, 'export passphrase', 2, 2048, 8],
      ['SHA1', 64, 'pw', 3, 100_000, 20],
      ['SHA256', 64, 'mot de passe été ✓', 3, 5000, 32],
      ['SHA256', 64, '', 1, 3, 80],
      ['SHA512', 128, 'long '.repeat(40), 3, 1000, 64],
      ['SHA384', 128, 'x', 1, 10, 48],
    ];
    for (const [digest, block, password, id, iter, length] of cases) {
      const salt = randomBytes(id === 3 ? 16 : 8);
      const ours = pkcs12Kdf(
        digest.toLowerCase(),
        block,
        password,
        salt,
        id as 1 | 2 | 3,
        iter,
        length,
      );
      assert.deepEqual(
        ours,
        opensslKdf(digest, password, salt, id, iter, length),
        `${digest} id ${id} ${iter} ${length}`,
      );
    }
  });
});
