// The client identity a probe presents: a PEM certificate (or chain) with its key, or a PKCS#12
// file. Checked locally first (key matches certificate, validity) so the probe can say so before
// blaming the server. The plain key stays a KeyObject in memory (see ClientCredentials).
import { X509Certificate, type KeyObject } from 'node:crypto';
import {
  decodeFile,
  decodePrivateKeyFile,
  readInputFile,
  type PassphraseSource,
} from '../decode.js';
import { UserError } from '../errors.js';
import { readPkcs12 } from '../export/pkcs12.js';
import { toPem } from '../pem.js';
import { spkiSha256 } from '../facts.js';
import { chainEntry } from './tls-evidence.js';
import { engineKeyIdentifier, withTokenKey } from '../token/token.js';
import { offThread } from '../off-thread.js';
import type { ClientCredentials } from './session.js';
import type { ChainEntry } from '../../../shared/diagnoses.js';

export interface ClientIdentity {
  credentials: ClientCredentials;
  /** The client certificate, when it could be read locally. */
  certificate: ChainEntry | null;
  keyMatchesCertificate: boolean | null;
  source: string;
}

/** `certificates` leaf first: the client certificate, then its chain as given. */
function identityOf(certificates: Buffer[], key: KeyObject, source: string): ClientIdentity {
  const leaf = new X509Certificate(certificates[0]);
  return {
    credentials: { certPem: certificates.map((der) => toPem('CERTIFICATE', der)).join(''), key },
    certificate: chainEntry(leaf),
    keyMatchesCertificate: spkiSha256(leaf.publicKey) === spkiSha256(key),
    source,
  };
}

/** How a load is bounded by its caller: a probe's time limit, the tester's cancel. */
export interface LoadOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * A certificate (or chain) file and its key file, read off the main thread: a key file's
 * derivations and a big chain never stall the window or hold a probe past its timeout.
 */
export function loadPemIdentity(
  certPath: string,
  keyPath: string,
  passphrase?: PassphraseSource,
  options: LoadOptions = {},
): Promise<ClientIdentity> {
  return offThread<ClientIdentity>(
    'pemIdentity',
    [certPath, keyPath],
    { what: `${certPath} + ${keyPath}`, passphrase, ...options },
    () => loadPemIdentityHere(certPath, keyPath, passphrase),
  );
}

/** A PKCS#12 file, read off the main thread (see loadPemIdentity). */
export function loadPkcs12Identity(
  path: string,
  passphrase?: PassphraseSource,
  options: LoadOptions = {},
): Promise<ClientIdentity> {
  return offThread<ClientIdentity>(
    'pkcs12Identity',
    [path],
    { what: path, passphrase, ...options },
    () => loadPkcs12IdentityHere(path, passphrase),
  );
}

export async function loadPemIdentityHere(
  certPath: string,
  keyPath: string,
  passphrase?: PassphraseSource,
): Promise<ClientIdentity> {
  const certificates = (await decodeFile(certPath, passphrase)).filter(
    (a) => a.kind === 'certificate',
  );
  if (certificates.length === 0)
    throw new UserError(
      'bad-input',
      `${certPath} holds no certificate: give the client certificate (PEM or DER)`,
      {},
      { id: 'import.no-certificate', params: { source: certPath } },
    );
  const key = await decodePrivateKeyFile(keyPath, passphrase);
  return identityOf(
    certificates.map((c) => c.der),
    key,
    `${certPath} + ${keyPath}`,
  );
}

/** A PKCS#12 file: tried with an empty password first (common for exports), then the one given. */
export async function loadPkcs12IdentityHere(
  path: string,
  passphrase?: PassphraseSource,
): Promise<ClientIdentity> {
  const der = readInputFile(path);
  let contents;
  try {
    contents = await readPkcs12(der, '', path);
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'wrong-passphrase') throw error;
    const secret = await passphrase?.();
    if (secret === undefined)
      throw new UserError(
        'passphrase-required',
        `${path} is protected by a password: give its password`,
        { need: 'key-passphrase' },
        { id: 'import.pkcs12-password-needed', params: { source: path } },
      );
    contents = await readPkcs12(der, secret, path);
  }
  if (contents.privateKeys.length !== 1)
    throw new UserError(
      'bad-input',
      `${path} holds ${contents.privateKeys.length} private keys: give a PKCS#12 file with exactly one`,
      {},
      { id: 'import.key-count', params: { source: path, count: contents.privateKeys.length } },
    );
  if (contents.certificates.length === 0)
    throw new UserError(
      'bad-input',
      `${path} holds no certificate: export the client certificate with its key`,
      {},
      { id: 'import.no-certificate', params: { source: path } },
    );
  // PKCS#12 bags come in any order: the client certificate is the one with the key's public key.
  const key = contents.privateKeys[0];
  const keyId = spkiSha256(key);
  const leaf =
    contents.certificates.find((der) => spkiSha256(new X509Certificate(der).publicKey) === keyId) ??
    contents.certificates[0];
  return identityOf([leaf, ...contents.certificates.filter((der) => der !== leaf)], key, path);
}

/**
 * A certificate whose key stays on a PKCS#11 token: OpenSSL's pkcs11 engine signs the handshake.
 * The token is opened first (PIN, key, public key), so a wrong PIN or a missing key is said
 * before any connection; the identifier with the PIN goes only into the TLS context.
 */
export async function loadTokenIdentity(
  certPath: string,
  uri: string,
  module: string,
  pin: string,
): Promise<ClientIdentity> {
  const certificates = (await decodeFile(certPath)).filter((a) => a.kind === 'certificate');
  if (certificates.length === 0)
    throw new UserError(
      'bad-input',
      `${certPath} holds no certificate: give the client certificate (PEM or DER)`,
      {},
      { id: 'import.no-certificate', params: { source: certPath } },
    );
  const publicKey = await withTokenKey({ module, uri, pin }, async (signer) => signer.publicKey);
  const leaf = new X509Certificate(certificates[0].der);
  return {
    credentials: {
      certPem: certificates.map((c) => toPem('CERTIFICATE', c.der)).join(''),
      engine: { engine: 'pkcs11', identifier: engineKeyIdentifier(uri, pin) },
    },
    certificate: chainEntry(leaf),
    keyMatchesCertificate: spkiSha256(leaf.publicKey) === spkiSha256(publicKey),
    source: `${certPath} + ${uri}`,
  };
}
