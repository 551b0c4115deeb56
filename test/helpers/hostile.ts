// Hostile inputs from the security review, made at run time: a paste of 600 certificates, a
// megabyte of BEGIN lines, a PKCS#12 file of five key bags with 10,000,000 PBKDF2 iterations
// each. Shared by test/integration/hostile-input.test.ts and bench/hostile.ts.
import { randomBytes, webcrypto } from 'node:crypto';
import {
  integer,
  objectIdentifier,
  octetString,
  sequence,
  tlv,
} from '../../electron/services/der.js';
import { x509 } from '../../electron/services/x509-provider.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/**
 * `count` distinct certificates, each under its own name, all naming one issuer that is not there
 * and all signed by one key: none chains to another, so all but one are foreign.
 */
export async function manyCertificates(count: number): Promise<{ pem: string; ders: Buffer[] }> {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;
  const ders: Buffer[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: `01${randomBytes(8).toString('hex')}`,
      subject: `CN=Pasted ${i}, O=Hostile`,
      issuer: 'CN=Hostile CA',
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 86_400_000 * 30),
      signingAlgorithm: SIGN,
      publicKey: keys.publicKey,
      signingKey: keys.privateKey,
    });
    ders.push(Buffer.from(certificate.rawData));
  }
  const pem = ders
    .map(
      (der) =>
        `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`,
    )
    .join('');
  return { pem, ders };
}

/** About `bytes` of "-----BEGIN CERTIFICATE-----" lines and nothing else. */
export function beginLines(bytes = 1024 * 1024): string {
  const line = '-----BEGIN CERTIFICATE-----\n';
  return line.repeat(Math.ceil(bytes / line.length));
}

/** One BEGIN line followed by about `bytes` of base64 and no END (the text was cut). */
export function unterminated(bytes = 999 * 1024): string {
  const body = 'QUJD'.repeat(16) + '\n';
  return `-----BEGIN CERTIFICATE-----\n${body.repeat(Math.ceil(bytes / body.length))}`;
}

/** A DER PKCS#7 SignedData holding the given certificates (what `openssl crl2pkcs7` writes). */
export function pkcs7Of(ders: Buffer[]): Buffer {
  const signedData = sequence(
    integer(1),
    tlv(0x31, Buffer.alloc(0)),
    sequence(objectIdentifier('1.2.840.113549.1.7.1')),
    tlv(0xa0, Buffer.concat(ders)),
    tlv(0x31, Buffer.alloc(0)),
  );
  return sequence(objectIdentifier('1.2.840.113549.1.7.2'), tlv(0xa0, signedData));
}

const DATA = '1.2.840.113549.1.7.1';

/**
 * A PKCS#12 file without MAC whose one plain safe holds `bags` shrouded key bags, each encrypted
 * with PBES2 / PBKDF2-SHA256 at `iterations` (a random body: nothing must ever get to decrypt it).
 */
export function manyKeyBagsPkcs12(bags = 5, iterations = 10_000_000): Buffer {
  const pbes2 = sequence(
    objectIdentifier('1.2.840.113549.1.5.13'),
    sequence(
      sequence(
        objectIdentifier('1.2.840.113549.1.5.12'),
        sequence(
          octetString(randomBytes(16)),
          integer(iterations),
          sequence(objectIdentifier('1.2.840.113549.2.9'), tlv(0x05, Buffer.alloc(0))),
        ),
      ),
      sequence(objectIdentifier('2.16.840.1.101.3.4.1.42'), octetString(randomBytes(16))),
    ),
  );
  const bag = sequence(
    objectIdentifier('1.2.840.113549.1.12.10.1.2'),
    tlv(0xa0, sequence(pbes2, octetString(randomBytes(64)))),
  );
  const safe = sequence(...Array<Buffer>(bags).fill(bag));
  const contentInfo = (content: Buffer) =>
    sequence(objectIdentifier(DATA), tlv(0xa0, octetString(content)));
  return sequence(integer(3), contentInfo(sequence(contentInfo(safe))));
}
