// Key generation and key export. Every key comes from Node's native crypto (OpenSSL), never a
// JavaScript implementation, and generation is asynchronous so RSA 4096 never blocks.
import { createCipheriv, generateKeyPair, pbkdf2, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../shared/algorithms.js';
import { toPem } from './pem.js';
import {
  algorithm,
  EncryptedKeyData,
  EncryptedPrivateKeyInfo,
  OctetString,
  Pbes2Params,
  Pbkdf2Params,
  toDer,
  type AlgorithmIdentifier,
} from './asn1.js';

const generateKeyPairAsync = promisify(generateKeyPair);
const pbkdf2Async = promisify(pbkdf2);

export interface GeneratedKey {
  algorithm: KeyAlgorithmId;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export async function generateKey(algorithm: KeyAlgorithmId): Promise<GeneratedKey> {
  const spec = KEY_ALGORITHMS[algorithm].key;
  const pair =
    spec.type === 'ec'
      ? await generateKeyPairAsync('ec', { namedCurve: spec.curve })
      : await generateKeyPairAsync('rsa', {
          modulusLength: spec.type === 'rsa' ? spec.bits : 0,
          publicExponent: 0x10001,
        });
  return { algorithm, privateKey: pair.privateKey, publicKey: pair.publicKey };
}

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256; Node's own export uses only 2048. */
export const PBKDF2_ITERATIONS = 600_000;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSHA256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
};

/** PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) over any bytes: the AlgorithmIdentifier and the ciphertext. */
export async function pbes2Encrypt(
  plain: Buffer,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<{ algorithm: AlgorithmIdentifier; encrypted: Buffer }> {
  if (passphrase.length === 0) throw new Error('an empty passphrase cannot protect a key');
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const derived = await pbkdf2Async(
    Buffer.from(passphrase, 'utf8'),
    salt,
    iterations,
    32,
    'sha256',
  );
  const cipher = createCipheriv('aes-256-cbc', derived, iv);
  const encrypted = Buffer.concat([cipher.update(plain), cipher.final()]);
  derived.fill(0);
  const kdf = new Pbkdf2Params({
    salt: new OctetString(salt),
    iterationCount: iterations,
    prf: algorithm(OID.hmacWithSHA256, null),
  });
  return {
    algorithm: algorithm(
      OID.pbes2,
      new Pbes2Params({
        keyDerivationFunc: algorithm(OID.pbkdf2, kdf),
        encryptionScheme: algorithm(OID.aes256Cbc, new OctetString(iv)),
      }),
    ),
    encrypted,
  };
}

/** Encrypted PKCS#8 DER (EncryptedPrivateKeyInfo), PBES2 as above. */
export async function encryptPrivateKeyDer(
  key: KeyObject,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Buffer> {
  const plain = key.export({ type: 'pkcs8', format: 'der' });
  try {
    const { algorithm: encryptionAlgorithm, encrypted } = await pbes2Encrypt(
      plain,
      passphrase,
      iterations,
    );
    return toDer(
      new EncryptedPrivateKeyInfo({
        encryptionAlgorithm,
        encryptedData: new EncryptedKeyData(encrypted),
      }),
    );
  } finally {
    plain.fill(0);
  }
}

/**
 * Encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256 at 600,000 iterations, AES-256-CBC), the form
 * `openssl pkey` and every TLS stack read.
 */
export async function encryptPrivateKey(
  key: KeyObject,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<string> {
  return toPem('ENCRYPTED PRIVATE KEY', await encryptPrivateKeyDer(key, passphrase, iterations));
}

export function plainPrivateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}
