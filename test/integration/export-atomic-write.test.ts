// writeFileAtomic's check hook: the new bytes are checked in the temp file BEFORE anything replaces
// the target, so a failed check under --force leaves the previous file byte-identical; and the
// temp file's descriptor is closed exactly once, whatever fails after it was closed.
import assert from 'node:assert/strict';
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic } from '../../electron/services/files.js';
import { tempDir } from '../helpers/tmp.js';

describe('writeFileAtomic with a check', () => {
  it('a failed check under overwrite leaves the previous file byte-identical and no temp file', () => {
    const dir = tempDir();
    const target = join(dir, 'identity.p12');
    const previous = Buffer.from('the previous export, still needed\n');
    writeFileSync(target, previous);
    let checked: Buffer | undefined;
    assert.throws(
      () =>
        writeFileAtomic(target, 'the new bytes', {
          overwrite: true,
          verify: (temp) => {
            checked = readFileSync(temp);
            throw new Error('the PKCS#12 read back holds other contents');
          },
        }),
      (error: Error) =>
        /identity\.p12 did not pass its check.*other contents.*unchanged/.test(error.message),
    );
    assert.equal(checked?.toString(), 'the new bytes');
    assert.deepEqual(readFileSync(target), previous);
    assert.deepEqual(readdirSync(dir), ['identity.p12']);
  });

  it('a passing check lets the file into place', () => {
    const dir = tempDir();
    const target = join(dir, 'chain.pem');
    writeFileSync(target, 'old');
    writeFileAtomic(target, 'new', {
      overwrite: true,
      verify: (temp) => assert.equal(readFileSync(temp, 'utf8'), 'new'),
    });
    assert.equal(readFileSync(target, 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir), ['chain.pem']);
  });

  it('closes the temp file once: a descriptor opened after it (same number) survives a later failure', () => {
    const dir = tempDir();
    const bystander = join(dir, 'bystander.txt');
    writeFileSync(bystander, "someone else's open file");
    let reused: number | undefined;
    assert.throws(() =>
      writeFileAtomic(join(dir, 'out.pem'), 'data', {
        verify: () => {
          // The lowest free number: the one the temp file just gave back.
          reused = openSync(bystander, 'r');
          throw new Error('check failed');
        },
      }),
    );
    assert.ok(reused !== undefined);
    try {
      assert.equal(
        fstatSync(reused).size,
        24,
        'the bystander descriptor was closed by writeFileAtomic',
      );
    } finally {
      closeSync(reused);
    }
  });
});
