// The facts reader's quick paths say what the slow ones say: the five extensions read from the DER
// equal the library's reading of the same certificate (made by OpenSSL, with every form they take),
// the one-shot signature check equals X509_verify, and the check started while an artifact is
// assembled answers only for the very signature the artifact carries: a wrong one is still refused.
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, sign, webcrypto } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  certificateFacts,
  certificateFactsOffThread,
  csrFacts,
} from '../../electron/services/facts.js';
import { checkEarly, signedParts } from '../../electron/services/signature-check.js';
import { x509 } from '../../electron/services/x509-provider.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** A self-signed P-256 certificate OpenSSL makes with these extension lines. */
function opensslCertificate(name: string, extensions: string[]): x509.X509Certificate {
  const config = join(dir, `${name}.cnf`);
  writeFileSync(config, `[req]\ndistinguished_name=dn\n[dn]\n[ext]\n${extensions.join('\n')}\n`);
  const pem = join(dir, `${name}.pem`);
  opensslOk([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    pem,
    '-subj',
    `/O=Acme/CN=${name}`,
    '-days',
    '30',
    '-config',
    config,
    '-extensions',
    'ext',
  ]);
  return new x509.X509Certificate(readFileSync(pem, 'utf8'));
}

/** The same facts as the library reads them, extension by extension. */
function libraryReading(cert: x509.X509Certificate) {
  const hex = (h: string) => h.toUpperCase().match(/.{2}/g)!.join(':');
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki = cert.getExtension(x509.AuthorityKeyIdentifierExtension);
  return {
    basicConstraints: basic ? { ca: basic.ca, pathLength: basic.pathLength ?? null } : null,
    keyUsageBits: keyUsage ? keyUsage.usages : null,
    extendedKeyUsage: eku ? Array.from(eku.usages, String) : null,
    subjectKeyIdentifier: ski ? hex(ski.keyId) : null,
    authorityKeyIdentifier: aki?.keyId ? hex(aki.keyId) : null,
  };
}

const FLAG_NAMES: Record<string, number> = {
  digitalSignature: 1,
  nonRepudiation: 2,
  keyEncipherment: 4,
  dataEncipherment: 8,
  keyAgreement: 16,
  keyCertSign: 32,
  cRLSign: 64,
  encipherOnly: 128,
  decipherOnly: 256,
};

const EKU_OIDS: Record<string, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

const CASES: Array<[string, string[]]> = [
  [
    'client',
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=clientAuth',
      'subjectKeyIdentifier=hash',
      'authorityKeyIdentifier=keyid:always',
    ],
  ],
  [
    'ca-pathlen',
    [
      'basicConstraints=critical,CA:TRUE,pathlen:3',
      'keyUsage=keyCertSign,cRLSign,digitalSignature',
    ],
  ],
  [
    'long-pathlen',
    [
      'basicConstraints=CA:TRUE,pathlen:200',
      'keyUsage=critical,decipherOnly,keyAgreement,encipherOnly',
    ],
  ],
  [
    'every-usage',
    [
      'keyUsage=digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly',
    ],
  ],
  [
    'every-eku',
    [
      'extendedKeyUsage=serverAuth,clientAuth,codeSigning,emailProtection,timeStamping,OCSPSigning,anyExtendedKeyUsage',
    ],
  ],
  ['unknown-eku', ['extendedKeyUsage=1.2.3.4,clientAuth']],
  ['aki-issuer', ['subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid,issuer:always']],
  ['alt-names', ['subjectAltName=DNS:a.example,IP:127.0.0.1', 'keyUsage=digitalSignature']],
  ['policies', ['certificatePolicies=1.2.3.4', 'basicConstraints=CA:FALSE']],
  ['none', []],
];

describe('facts: the extensions read from the DER', () => {
  for (const [name, extensions] of CASES) {
    it(`${name}: the same as the library reads`, () => {
      const cert = opensslCertificate(name, extensions);
      const facts = certificateFacts(cert, name);
      const library = libraryReading(cert);
      assert.deepEqual(facts.basicConstraints, library.basicConstraints);
      assert.deepEqual(
        facts.keyUsage?.reduce((bits, usage) => bits | FLAG_NAMES[usage], 0) ?? null,
        library.keyUsageBits,
      );
      assert.deepEqual(
        facts.extendedKeyUsage?.map((usage) => EKU_OIDS[usage] ?? usage) ?? null,
        library.extendedKeyUsage,
      );
      assert.equal(facts.subjectKeyIdentifier, library.subjectKeyIdentifier);
      assert.equal(facts.authorityKeyIdentifier, library.authorityKeyIdentifier);
      assert.equal(facts.signature.valid, true, 'OpenSSL signed it');
      assert.equal(facts.selfSigned, true);
      assert.deepEqual(
        facts.subjectAltNames,
        name === 'alt-names' ? ['dns:a.example', 'ip:127.0.0.1'] : [],
      );
    });
  }

  it('a certificate signed by another verifies with its issuer, not with itself', async () => {
    const ca = opensslCertificate('issuer', [
      'basicConstraints=critical,CA:TRUE',
      'keyUsage=keyCertSign',
    ]);
    const csr = join(dir, 'leaf.csr');
    opensslOk([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'leaf.key'),
      '-subj',
      '/CN=leaf',
      '-out',
      csr,
    ]);
    const leafPem = join(dir, 'leaf.pem');
    opensslOk([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(dir, 'issuer.pem'),
      '-CAkey',
      join(dir, 'issuer.key'),
      '-set_serial',
      '7',
      '-days',
      '3',
      '-out',
      leafPem,
    ]);
    const leaf = new x509.X509Certificate(readFileSync(leafPem, 'utf8'));
    for (const read of [certificateFacts, certificateFactsOffThread]) {
      assert.equal((await read(leaf, 'leaf', { issuer: ca })).signature.valid, true);
      assert.equal((await read(leaf, 'leaf', { issuer: leaf })).signature.valid, false);
      const alone = await read(leaf, 'leaf');
      assert.equal(alone.selfSigned, false);
      assert.equal(alone.signature.valid, null);
    }
  });
});

/** A P-384 CSR the library makes, its signature passed through `tamper` on the way. */
async function csrWith(tamper: (signature: ArrayBuffer) => ArrayBuffer) {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-384' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      privateKey.export({ type: 'pkcs8', format: 'der' }),
      algorithm,
      false,
      ['sign'],
    ),
    publicKey: await webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']),
  } as CryptoKeyPair;
  let signed: { tbs: Buffer; signature: Buffer } | undefined;
  const subtle = webcrypto.subtle;
  const crypto = {
    getRandomValues: (a: Uint8Array) => webcrypto.getRandomValues(a),
    subtle: {
      exportKey: (format: 'spki', key: CryptoKey) => subtle.exportKey(format, key),
      sign: async (alg: EcdsaParams, key: CryptoKey, data: ArrayBuffer) => {
        const signature = tamper(await subtle.sign(alg, key, data));
        signed = {
          tbs: Buffer.from(new Uint8Array(data)),
          signature: Buffer.from(new Uint8Array(signature)),
        };
        return signature;
      },
    },
  } as unknown as Crypto;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: 'CN=early', keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
    crypto,
  );
  return { csr, signed: signed!, publicKey, spki };
}

describe('facts: the signature checked while the artifact is assembled', () => {
  it('answers for the signature the CSR carries, as OpenSSL does', async () => {
    const { csr, signed, publicKey, spki } = await csrWith((s) => s);
    const early = checkEarly(signed.tbs, signed.signature, 'sha256', publicKey, spki);
    assert.equal((await csrFacts(csr, 'CSR', { early })).signature.valid, true);
    const path = join(dir, 'early.csr');
    writeFileSync(path, csr.toString('pem'));
    opensslOk(['req', '-in', path, '-verify', '-noout']);
  });

  it('a wrong signature from the signer is still refused', async () => {
    const flip = (s: ArrayBuffer) => {
      const bytes = new Uint8Array(s.slice(0));
      bytes[bytes.length - 1] ^= 1;
      return bytes.buffer;
    };
    const { csr, signed, publicKey, spki } = await csrWith(flip);
    const early = checkEarly(signed.tbs, signed.signature, 'sha256', publicKey, spki);
    assert.equal((await csrFacts(csr, 'CSR', { early })).signature.valid, false);
    assert.equal((await csrFacts(csr, 'CSR')).signature.valid, false);
  });

  it('a check of other bytes, or with another key, is not taken: the CSR is verified itself', async () => {
    const { csr, signed, publicKey, spki } = await csrWith((s) => s);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const otherTbs = Buffer.from('other bytes');
    const otherSignature = sign('sha256', otherTbs, {
      key: other.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const otherPublic = createPublicKey(other.privateKey);
    // Checks that say "valid" for something else: taking their answer would be wrong only if the
    // CSR were bad, so pair them with a CSR whose own signature is good and one whose is not.
    const elsewhere = [
      checkEarly(
        otherTbs,
        otherSignature,
        'sha256',
        otherPublic,
        otherPublic.export({ type: 'spki', format: 'der' }),
      ),
      checkEarly(signed.tbs, signed.signature, 'sha384', publicKey, spki),
    ];
    for (const early of elsewhere)
      assert.equal((await csrFacts(csr, 'CSR', { early })).signature.valid, true);
    const bad = await csrWith((s) => {
      const bytes = new Uint8Array(s.slice(0));
      bytes[0] ^= 1;
      return bytes.buffer;
    });
    const good = checkEarly(
      otherTbs,
      otherSignature,
      'sha256',
      otherPublic,
      otherPublic.export({ type: 'spki', format: 'der' }),
    );
    assert.equal(await good.valid, true);
    assert.equal((await csrFacts(bad.csr, 'CSR', { early: good })).signature.valid, false);
    // And the parts it compares are the CSR's own.
    assert.ok(signedParts(Buffer.from(csr.rawData)).tbs.equals(signed.tbs));
  });
});
