// Shared by the vault, inventory, export, bundle and audit tests: a desk on a fresh data folder
// with a movable clock and a cheap scrypt, and a small test PKI generated at run time.
import { randomBytes, webcrypto } from 'node:crypto';
import { createHandlers } from '../../electron/main/handlers.js';
import { openDesk, type Desk } from '../../electron/services/desk.js';
import { openConfStore } from '../../electron/services/store.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { x509 } from '../../electron/services/x509-provider.js';
import { tempDir } from '../helpers/tmp.js';

export const catalog = ProgramCatalog.load();
/** Cheap enough for many unlocks in a test; the default is 8 times this (bench/vault.ts). */
export const TEST_KDF = { N: 2 ** 14, r: 8, p: 1 };
export const VAULT_PASSPHRASE = 'correct horse battery';
export const DAY = 86_400_000;

export interface TestClock {
  now(): Date;
  set(iso: string | number): void;
  advance(ms: number): void;
}

/** Real time moved by an offset: artifacts made by OpenSSL "now" are valid now, and tests can jump ahead. */
export function testClock(start = Date.now()): TestClock {
  let offset = start - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    set: (v) => void (offset = (typeof v === 'number' ? v : Date.parse(v)) - Date.now()),
    advance: (ms) => void (offset += ms),
  };
}

export function newDesk(
  dataDir = tempDir('mtls-desk-data-'),
  clock: TestClock = testClock(),
): { desk: Desk; dataDir: string; clock: TestClock } {
  return {
    desk: openDesk({ dataDir, store: openConfStore(dataDir), clock, catalog, kdf: TEST_KDF }),
    dataDir,
    clock,
  };
}

export async function unlockedDesk(clock?: TestClock) {
  const made = newDesk(undefined, clock);
  await made.desk.vault.init(VAULT_PASSPHRASE);
  return made;
}

export interface TestCa {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: string;
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

async function keyPair(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

function serial(): string {
  const bytes = randomBytes(12);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

/** A CA: self-signed root without issuer, or an intermediate under `issuer`. */
export async function makeCa(
  name: string,
  issuer?: TestCa,
  options: { notBefore?: Date; notAfter?: Date } = {},
): Promise<TestCa> {
  const keys = await keyPair();
  const notBefore = options.notBefore ?? new Date(Date.now() - DAY);
  const notAfter = options.notAfter ?? new Date(Date.now() + 3650 * DAY);
  const extensions = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const certificate = issuer
    ? await x509.X509CertificateGenerator.create({
        serialNumber: serial(),
        subject: name,
        issuer: issuer.certificate.subject,
        notBefore,
        notAfter,
        signingAlgorithm: SIGN,
        publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey,
        extensions,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: serial(),
        name,
        notBefore,
        notAfter,
        signingAlgorithm: SIGN,
        keys,
        extensions,
      });
  return { certificate, keys, pem: certificate.toString('pem') + '\n' };
}

/** A server certificate under `issuer`. */
export async function makeServerCert(
  host: string,
  issuer: TestCa,
  options: { notBefore?: Date; notAfter?: Date } = {},
): Promise<TestCa> {
  const keys = await keyPair();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${host}`,
    issuer: issuer.certificate.subject,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 365 * DAY),
    signingAlgorithm: SIGN,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }]),
    ],
  });
  return { certificate, keys, pem: certificate.toString('pem') + '\n' };
}

/** A server chain, leaf first, under a CA with the given name (root, intermediate named `caName`, leaf). */
export async function serverChain(
  host: string,
  caName: string,
  options: { leafNotAfter?: Date } = {},
): Promise<{ root: TestCa; intermediate: TestCa; leaf: TestCa; pem: string }> {
  const root = await makeCa(`CN=Test Root for ${caName},O=Test`);
  const intermediate = await makeCa(caName, root);
  const leaf = await makeServerCert(host, intermediate, { notAfter: options.leafNotAfter });
  return { root, intermediate, leaf, pem: leaf.pem + intermediate.pem };
}

/** Signs a CSR's public key as a client certificate (what the Thales CA does for D1). */
export async function signCsr(
  csrPem: string,
  issuer: TestCa,
  days = 1826,
): Promise<TestCa['certificate']> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: csr.subject,
    issuer: issuer.certificate.subject,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + days * DAY),
    signingAlgorithm: SIGN,
    publicKey: await csr.publicKey.export(),
    signingKey: issuer.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
}

export const D1_SUBJECT = {
  C: 'FR',
  ST: 'Ile-de-France',
  L: 'Paris',
  O: 'Acme Payments',
  OU: 'Gateway',
};

/** The app's handlers over `desk`, where no dialog is ever answered (tests that need none). */
export function handlersWithoutDialogs(desk: Desk) {
  return createHandlers({
    desk,
    dataFolder: { current: desk.dataDir, defaultDir: desk.dataDir, fromEnvironment: false },
    version: 'test',
    clock: () => new Date(),
    dialogs: {
      openFile: async () => null,
      saveFile: async () => null,
      openFolder: async () => null,
    },
    emitProgress: () => undefined,
  });
}
