// A throwaway PKI generated at run time for the live TLS tests: roots, intermediates (named
// "DigiCert SHA2 High Assurance Server CA" and "Amazon RSA 2048 M01" under a test root), server and client leaves, expired
// ones. EC P-256 throughout: fast, and every peer (Node, OpenSSL, nginx) takes it.
import { randomBytes, webcrypto, KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { x509 } from '../../electron/services/x509-provider.js';

const DAY = 86_400_000;

export interface TestCert {
  name: string;
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  certPem: string;
  keyPem: string;
}

export interface IssueOptions {
  subject: string;
  issuer?: TestCert;
  ca?: boolean;
  /** DNS and IP SANs for a server certificate. */
  sans?: string[];
  usage?: 'server' | 'client';
  notBefore?: Date;
  notAfter?: Date;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function issue(options: IssueOptions): Promise<TestCert> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true),
    new x509.KeyUsagesExtension(
      options.ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (options.issuer)
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(options.issuer.cert));
  if (!options.ca)
    extensions.push(
      new x509.ExtendedKeyUsageExtension([
        options.usage === 'client'
          ? x509.ExtendedKeyUsage.clientAuth
          : x509.ExtendedKeyUsage.serverAuth,
      ]),
    );
  if (options.sans?.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        options.sans.map((s) =>
          /^[\d.]+$|:/.test(s)
            ? { type: 'ip' as const, value: s }
            : { type: 'dns' as const, value: s },
        ),
      ),
    );
  }
  const serial = randomBytes(12);
  serial[0] &= 0x7f;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: options.subject,
    issuer: options.issuer ? options.issuer.cert.subject : options.subject,
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 30 * DAY),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: options.issuer ? options.issuer.keys.privateKey : keys.privateKey,
    extensions,
  });
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { name: options.subject, cert, keys, certPem: cert.toString('pem') + '\n', keyPem };
}

export const pemOf = (...certs: TestCert[]): string => certs.map((c) => c.certPem).join('');

export const SERVER_NAMES = ['localhost', 'api.thales.test', '127.0.0.1', '::1'];

export interface TestPki {
  /** "mTLS Desk Test Root" -> "DigiCert SHA2 High Assurance Server CA" -> server leaf. */
  root: TestCert;
  digicertCa: TestCert;
  server: TestCert;
  /** "mTLS Desk Test Root" -> "Amazon RSA 2048 M01" (O=Amazon, as D1 expects) -> server leaf. */
  amazonCa: TestCert;
  amazonServer: TestCert;
  /** A chain from another CA (for unexpected-server-ca). */
  otherRoot: TestCert;
  otherCa: TestCert;
  otherServer: TestCert;
  expiredServer: TestCert;
  selfSignedServer: TestCert;
  wrongNameServer: TestCert;
  /** "Test Thales Client CA" -> client leaves. */
  clientCa: TestCert;
  client: TestCert;
  expiredClient: TestCert;
  /** A client from a CA no server trusts. */
  foreignClient: TestCert;
}

export async function createTestPki(): Promise<TestPki> {
  const root = await issue({
    subject: 'CN=mTLS Desk Test Root, O=mTLS Desk Tests',
    ca: true,
    notAfter: new Date(Date.now() + 365 * DAY),
  });
  const digicertCa = await issue({
    subject: 'CN=DigiCert SHA2 High Assurance Server CA, OU=www.digicert.com, O=DigiCert Inc, C=US',
    ca: true,
    issuer: root,
  });
  const amazonCa = await issue({
    subject: 'CN=Amazon RSA 2048 M01, O=Amazon, C=US',
    ca: true,
    issuer: root,
  });
  const otherRoot = await issue({ subject: 'CN=Other Test Root, O=Elsewhere', ca: true });
  const otherCa = await issue({
    subject: 'CN=Some Other Server CA, O=Elsewhere',
    ca: true,
    issuer: otherRoot,
  });
  const clientCa = await issue({ subject: 'CN=Test Thales Client CA, O=Thales Tests', ca: true });
  const foreignCa = await issue({ subject: 'CN=Foreign CA, O=Nobody', ca: true });
  const past = {
    notBefore: new Date(Date.now() - 60 * DAY),
    notAfter: new Date(Date.now() - 2 * DAY),
  };
  return {
    root,
    digicertCa,
    server: await issue({ subject: 'CN=api.thales.test', issuer: digicertCa, sans: SERVER_NAMES }),
    amazonCa,
    amazonServer: await issue({
      subject: 'CN=api.thales.test',
      issuer: amazonCa,
      sans: SERVER_NAMES,
    }),
    otherRoot,
    otherCa,
    otherServer: await issue({
      subject: 'CN=api.thales.test',
      issuer: otherCa,
      sans: SERVER_NAMES,
    }),
    expiredServer: await issue({
      subject: 'CN=api.thales.test',
      issuer: digicertCa,
      sans: SERVER_NAMES,
      ...past,
    }),
    selfSignedServer: await issue({ subject: 'CN=api.thales.test', sans: SERVER_NAMES }),
    wrongNameServer: await issue({
      subject: 'CN=elsewhere.test',
      issuer: digicertCa,
      sans: ['elsewhere.test'],
    }),
    clientCa,
    client: await issue({ subject: 'CN=CUST01-PREPROD', issuer: clientCa, usage: 'client' }),
    expiredClient: await issue({
      subject: 'CN=CUST01-PREPROD',
      issuer: clientCa,
      usage: 'client',
      ...past,
    }),
    foreignClient: await issue({
      subject: 'CN=CUST01-PREPROD',
      issuer: foreignCa,
      usage: 'client',
    }),
  };
}

/** Writes certificates and keys as PEM files for OpenSSL, nginx and the CLI; returns the paths. */
export function writePem(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}
