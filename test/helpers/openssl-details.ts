// What OpenSSL reads from a certificate, in the shape of the app's certificate details
// (shared/ipc-contract.ts CertificateDetails), so tests compare the app's view with OpenSSL's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { opensslOk } from './openssl.js';
import { tempDir } from './tmp.js';

export interface OpensslDetails {
  sha256: string;
  sha1: string;
  /** Uppercase hex without leading zero bytes, as `-serial` prints it. */
  serial: string;
  /** `-ext subjectAltName` as printed, IPv6 addresses canonical ("::1"); "none" when absent. */
  san: string;
  keyUsage: string;
  extendedKeyUsage: string;
  /** "CA:FALSE", "CA:TRUE", "CA:TRUE, pathlen:0" or "none". */
  basicConstraints: string;
  /** "EC P-256", "RSA 3072". */
  publicKey: string;
}

/** OpenSSL writes IPv6 uncompressed ("0:0:0:0:0:0:0:1"), the app as usual ("::1"): both read as a URL's host. */
export function canonicalSans(text: string): string {
  return text
    .split(', ')
    .map((n) =>
      n.startsWith('IP Address:') && n.includes(':', 11)
        ? `IP Address:${new URL(`http://[${n.slice(11)}]`).hostname.slice(1, -1)}`
        : n,
    )
    .join(', ');
}

export function opensslDetails(pem: string): OpensslDetails {
  const file = join(tempDir(), 'cert.pem');
  writeFileSync(file, pem);
  const x509 = (...args: string[]) => opensslOk(['x509', '-in', file, '-noout', ...args]);
  const asked = x509('-fingerprint', '-sha256', '-ext', 'subjectAltName,keyUsage,extendedKeyUsage');
  const more = x509('-fingerprint', '-sha1', '-serial');
  const constraints = x509('-ext', 'basicConstraints');
  const text = x509('-text');
  const extension = (out: string, name: string) =>
    new RegExp(`X509v3 ${name}:(?: critical)? *\\n\\s+(.+)`).exec(out)?.[1].trim() ?? 'none';
  const bits = /Public-Key: \((\d+) bit\)/.exec(text)![1];
  const curve = /NIST CURVE: (P-\d+)/.exec(text)?.[1];
  return {
    sha256: /sha256 Fingerprint=([0-9A-F:]+)/i.exec(asked)![1],
    sha1: /sha1 Fingerprint=([0-9A-F:]+)/i.exec(more)![1],
    serial: /serial=([0-9A-F]+)/i.exec(more)![1].toUpperCase(),
    san: canonicalSans(extension(asked, 'Subject Alternative Name')),
    keyUsage: extension(asked, 'Key Usage'),
    extendedKeyUsage: extension(asked, 'Extended Key Usage'),
    basicConstraints: extension(constraints, 'Basic Constraints'),
    publicKey: curve ? `EC ${curve}` : `RSA ${bits}`,
  };
}
