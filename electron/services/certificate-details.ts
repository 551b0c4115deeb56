// A certificate's facts for the app's "Details" disclosure: subject, issuer, serial, validity, key,
// fingerprints and the extensions people check (SANs, key usage, extended key usage, basic
// constraints), read with @peculiar/x509 through the facts reader. Views are built often (every
// detail refresh), so the details of recently seen certificates are kept by their PEM.
import { describeKey } from '../../shared/algorithms.js';
import { formatName } from '../../shared/artifact-facts.js';
import type { CertificateDetails } from '../../shared/ipc-contract.js';
import { certificateFacts } from './facts.js';
import { fromPem } from './pem.js';
import { asBytes, x509 } from './x509-provider.js';

/** @peculiar/x509's general-name types as OpenSSL prints them (`openssl x509 -ext subjectAltName`). */
const NAME_TYPES: Record<string, string> = {
  dns: 'DNS',
  ip: 'IP Address',
  email: 'email',
  url: 'URI',
  dn: 'DirName',
  id: 'Registered ID',
  upn: 'othername',
  guid: 'othername',
};

function altName(name: string): string {
  const at = name.indexOf(':');
  const type = name.slice(0, at);
  return `${NAME_TYPES[type] ?? type}:${name.slice(at + 1)}`;
}

/** Key usage bits and extended key usages in OpenSSL's words (`openssl x509 -ext keyUsage,extendedKeyUsage`). */
const USAGE_WORDS: Record<string, string> = {
  digitalSignature: 'Digital Signature',
  nonRepudiation: 'Non Repudiation',
  keyEncipherment: 'Key Encipherment',
  dataEncipherment: 'Data Encipherment',
  keyAgreement: 'Key Agreement',
  keyCertSign: 'Certificate Sign',
  cRLSign: 'CRL Sign',
  encipherOnly: 'Encipher Only',
  decipherOnly: 'Decipher Only',
  serverAuth: 'TLS Web Server Authentication',
  clientAuth: 'TLS Web Client Authentication',
  codeSigning: 'Code Signing',
  emailProtection: 'E-mail Protection',
  timeStamping: 'Time Stamping',
  OCSPSigning: 'OCSP Signing',
  anyExtendedKeyUsage: 'Any Extended Key Usage',
};

const words = (names: string[] | null): string[] | null =>
  names ? names.map((n) => USAGE_WORDS[n] ?? n) : null;

const kept = new Map<string, CertificateDetails>();
const MAX_KEPT = 128;

/** The details of the certificate in a PEM text (its first CERTIFICATE block). */
export function certificateDetails(pem: string): CertificateDetails {
  const known = kept.get(pem);
  if (known) return known;
  const cert = new x509.X509Certificate(asBytes(fromPem('CERTIFICATE', pem)));
  const facts = certificateFacts(cert, 'certificate');
  const details: CertificateDetails = {
    subject: formatName(facts.subject),
    issuer: formatName(facts.issuer),
    serialNumber: facts.serialNumber,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    publicKey: describeKey(facts.key),
    sha256Fingerprint: facts.sha256Fingerprint,
    sha1Fingerprint: facts.sha1Fingerprint,
    subjectAltNames: facts.subjectAltNames.map(altName),
    keyUsage: words(facts.keyUsage),
    extendedKeyUsage: words(facts.extendedKeyUsage),
    basicConstraints: facts.basicConstraints,
  };
  kept.set(pem, details);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  return details;
}
