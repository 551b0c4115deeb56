// A PKCS#12 file or an encrypted PKCS#8 key sets its own iteration counts: one that asks for billions must be refused at once
// with a sentence naming the file and the count, never hang the process; and the PBKDF2 of a real
// file runs off the main thread (the event loop keeps turning while a 600,000-iteration key opens).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { integer, objectIdentifier, sequence, tlv, toPem } from '../../electron/services/der.js';
import { children, integerOf, readNode } from '../../electron/services/export/der-reader.js';
import {
  buildPkcs12,
  readPkcs12,
  type Pkcs12Preset,
} from '../../electron/services/export/pkcs12.js';
import { decodeArtifacts } from '../../electron/services/decode.js';
import { spkiSha256 } from '../../electron/services/facts.js';
import { encryptPrivateKeyDer } from '../../electron/services/keys.js';
import { tempDir } from '../helpers/tmp.js';
import { makeCa } from './desk-fixtures.js';

const PASSWORD = 'limits test password';
const HUGE = 4_000_000_000;
const child = fileURLToPath(new URL('./export-pkcs12-limits.child.ts', import.meta.url));
const dir = tempDir('mtls-desk-p12-limits-');

async function realPkcs12(preset: Pkcs12Preset): Promise<Buffer> {
  const ca = await makeCa('CN=PKCS12 limits');
  return buildPkcs12({
    privateKey: KeyObject.from(ca.keys.privateKey),
    certificates: [Buffer.from(ca.certificate.rawData)],
    friendlyName: 'limits',
    password: PASSWORD,
    preset,
  });
}

function withMacIterations(p12: Buffer, iterations: number): Buffer {
  const [version, authSafe, macData] = children(readNode(p12));
  const [digestInfo, salt] = children(macData);
  return sequence(
    version.raw,
    authSafe.raw,
    sequence(digestInfo.raw, salt.raw, integer(iterations)),
  );
}

/** Rewrites every INTEGER equal to `from`, also inside OCTET STRINGs that hold DER; lengths follow. */
function replaceInteger(der: Buffer, from: number, to: number): Buffer {
  const node = readNode(der);
  if (node.tag === 0x02) return integerOf(node) === from ? integer(to) : node.raw;
  const constructed = (node.tag & 0x20) !== 0;
  if (!constructed && node.tag !== 0x04) return node.raw;
  let parts;
  try {
    parts = children(node);
    if (!constructed && (parts.length !== 1 || parts[0].raw.length !== node.content.length))
      return node.raw;
  } catch {
    return node.raw;
  }
  return tlv(
    node.tag,
    Buffer.concat(parts.map((p) => replaceInteger(Buffer.from(p.raw), from, to))),
  );
}

const DATA_OID = '1.2.840.113549.1.7.1';

function contentInfoData(content: Buffer): Buffer {
  return sequence(objectIdentifier(DATA_OID), tlv(0xa0, tlv(0x04, content)));
}

/** A PFX without MAC around the given ContentInfos. */
function pfxOf(contentInfos: Buffer[]): Buffer {
  return sequence(integer(3), contentInfoData(sequence(...contentInfos)));
}

/** The raw bags of the plain (unencrypted) safes of a PKCS#12 file. */
function bagsOfDataSafes(p12: Buffer): Buffer[] {
  const [, authSafe] = children(readNode(p12));
  const content = children(children(authSafe)[1])[0].content;
  return children(readNode(content)).flatMap((info) => {
    const [type, wrapped] = children(info);
    if (!type.content.equals(objectIdentifier(DATA_OID).subarray(2))) return [];
    return children(readNode(children(wrapped)[0].content)).map((bag) => Buffer.from(bag.raw));
  });
}

/** A MAC is optional in PKCS#12: without it the bags' own encryption is read first. */
function withoutMac(p12: Buffer): Buffer {
  const [version, authSafe] = children(readNode(p12));
  return sequence(version.raw, authSafe.raw);
}

function readInChild(
  name: string,
  data: Buffer,
  reader: 'p12' | 'decode' = 'p12',
): {
  result: { ok: boolean; code?: string; message?: string; keys?: number; derivations?: number };
} {
  const file = join(dir, name);
  writeFileSync(file, data);
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, reader, file, PASSWORD], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(
    run.status,
    0,
    `the reader did not finish within 30 s (signal ${run.signal}): ${run.stderr}`,
  );
  return { result: JSON.parse(run.stdout) };
}

describe('iteration limits in PKCS#12 files and encrypted keys', () => {
  it('a MAC iteration count of four billion is refused at once, naming the file and the count', async () => {
    const { result } = readInChild(
      'huge-mac.p12',
      withMacIterations(await realPkcs12('modern'), HUGE),
    );
    assert.equal(result.ok, false);
    assert.equal(result.code, 'bad-input');
    assert.match(result.message!, /huge-mac\.p12/);
    assert.match(result.message!, /4,000,000,000/);
  });

  it('a PBKDF2 iteration count of two billion (PBES2 key bag) is refused at once', async () => {
    const { result } = readInChild(
      'huge-pbkdf2.p12',
      withoutMac(replaceInteger(await realPkcs12('modern'), 600_000, 2_000_000_000)),
    );
    assert.equal(result.code, 'bad-input', result.message);
    assert.match(result.message!, /huge-pbkdf2\.p12.*2,000,000,000/);
  });

  it('a legacy PBE iteration count above a million is refused at once', async () => {
    const { result } = readInChild(
      'huge-legacy.p12',
      withoutMac(replaceInteger(await realPkcs12('legacy'), 100_000, 2_000_000)),
    );
    assert.equal(result.code, 'bad-input', result.message);
    assert.match(result.message!, /huge-legacy\.p12.*2,000,000/);
  });

  it('an encrypted PKCS#8 key (PEM or DER) asking for two billion PBKDF2 iterations is refused at once', async () => {
    const der = replaceInteger(
      await encryptPrivateKeyDer(
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        PASSWORD,
        1000,
      ),
      1000,
      2_000_000_000,
    );
    for (const [name, data] of [
      ['huge.key', Buffer.from(toPem('ENCRYPTED PRIVATE KEY', der))],
      ['huge.der', der],
    ] as const) {
      const { result } = readInChild(name, data, 'decode');
      assert.equal(result.code, 'bad-input', result.message);
      assert.match(result.message!, new RegExp(`${name.replace('.', '\\.')}.*2,000,000,000`));
    }
  });

  it('the same files with their real counts still open', async () => {
    const opened = (result: { ok: boolean; keys?: number; derivations?: number }) => {
      assert.deepEqual({ ok: result.ok, keys: result.keys }, { ok: true, keys: 1 });
      // The counter sees real derivations, so the refusals' zero means none ran.
      assert.ok(result.derivations! > 0);
    };
    opened(readInChild('modern.p12', await realPkcs12('modern')).result);
    opened(readInChild('legacy-no-mac.p12', withoutMac(await realPkcs12('legacy'))).result);
    const key = await encryptPrivateKeyDer(
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      PASSWORD,
    );
    opened(
      readInChild('real.key', Buffer.from(toPem('ENCRYPTED PRIVATE KEY', key)), 'decode').result,
    );
    opened(readInChild('real.der', key, 'decode').result);
  });

  it('five key bags of 10,000,000 PBKDF2 iterations each: refused for their sum before any derivation', async () => {
    const real = withoutMac(await realPkcs12('modern'));
    const keyBag = bagsOfDataSafes(real)[0];
    const hostile = pfxOf([contentInfoData(sequence(...Array(5).fill(keyBag)))]);
    const { result } = readInChild('five-bags.p12', replaceInteger(hostile, 600_000, 10_000_000));
    assert.equal(result.code, 'bad-input', result.message);
    assert.match(
      result.message!,
      /five-bags\.p12 asks for 50,000,000 key-derivation iterations in all, more than the 20,000,000 .*nothing was decrypted/,
    );
    assert.equal(result.derivations, 0);
  });

  it('six encrypted keys of 1,000,000 legacy PBE iterations in one PEM: refused before any derivation', async () => {
    const plain = join(dir, 'plain-for-legacy.key');
    writeFileSync(
      plain,
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    );
    const legacy = execFileSync('openssl', [
      'pkcs8',
      '-topk8',
      '-in',
      plain,
      '-v1',
      'PBE-SHA1-3DES',
      '-iter',
      '1000',
      '-passout',
      `pass:${PASSWORD}`,
      '-outform',
      'DER',
    ]);
    const hostile = toPem('ENCRYPTED PRIVATE KEY', replaceInteger(legacy, 1000, 1_000_000));
    const { result } = readInChild('six-keys.pem', Buffer.from(hostile.repeat(6)), 'decode');
    assert.equal(result.code, 'bad-input', result.message);
    assert.match(
      result.message!,
      /six-keys\.pem asks for 144,000,000 key-derivation iterations in all/,
    );
    assert.equal(result.derivations, 0);
  });

  it('a PKCS#12 file of 300 bags is refused before any derivation', async () => {
    const real = withoutMac(await realPkcs12('modern'));
    const keyBag = bagsOfDataSafes(real)[0];
    const { result } = readInChild(
      'many-bags.p12',
      pfxOf([contentInfoData(sequence(...Array(300).fill(keyBag)))]),
    );
    assert.equal(result.code, 'bad-input', result.message);
    assert.match(result.message!, /many-bags\.p12 holds more than 256 PKCS#12 bags/);
    assert.equal(result.derivations, 0);
  });

  it('257 bags of many small nodes each: refused for their count, not called damaged', async () => {
    // 257 bags of 62 nodes pass the schema parser's own node limit (10,000): the count must be
    // read from the DER before that parser runs, or the file would be said to be damaged.
    const NULL = Buffer.from([0x05, 0x00]);
    const bag = sequence(
      objectIdentifier('1.2.840.113549.1.12.10.1.1'),
      tlv(0xa0, sequence(...Array(60).fill(NULL))),
    );
    const { result } = readInChild(
      'many-nodes.p12',
      pfxOf([contentInfoData(sequence(...Array(257).fill(bag)))]),
    );
    assert.equal(result.code, 'bad-input', result.message);
    assert.match(result.message!, /many-nodes\.p12 holds more than 256 PKCS#12 bags/);
    assert.equal(result.derivations, 0);
  });

  it('the 600,000-iteration PBKDF2 of a real file leaves the event loop free', async () => {
    const p12 = await realPkcs12('modern');
    let ticks = 0;
    const timer = setInterval(() => void ticks++, 1);
    try {
      const contents = await readPkcs12(p12, PASSWORD);
      assert.equal(contents.privateKeys.length, 1);
    } finally {
      clearInterval(timer);
    }
    assert.ok(
      ticks > 0,
      'no timer ran while the key was derived: the derivation blocked the process',
    );
  });

  it('an encrypted PKCS#8 key (PEM and DER) opens with its 600,000 PBKDF2 iterations off the event loop; a wrong passphrase is told', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = await encryptPrivateKeyDer(privateKey, PASSWORD);
    for (const [source, data] of [
      ['key.pem', toPem('ENCRYPTED PRIVATE KEY', der)],
      ['key.der', der],
    ] as const) {
      let ticks = 0;
      const timer = setInterval(() => void ticks++, 1);
      let decoded;
      try {
        decoded = await decodeArtifacts(data, source, () => PASSWORD);
      } finally {
        clearInterval(timer);
      }
      assert.ok(ticks > 0, `${source}: no timer ran while the key was derived`);
      assert.equal(decoded.length, 1);
      assert.ok(
        decoded[0].kind === 'private-key' && spkiSha256(decoded[0].key) === spkiSha256(privateKey),
      );
      await assert.rejects(
        decodeArtifacts(data, source, () => 'not the passphrase'),
        {
          code: 'wrong-passphrase',
          message: new RegExp(`${source.replace('.', '\\.')}: wrong passphrase`),
        },
      );
      await assert.rejects(decodeArtifacts(data, source), { code: 'passphrase-required' });
    }
  });
});
