// The client identity a probe presents: a PEM certificate (or chain) with its key, or a PKCS#12
// file. Checked locally first (key matches certificate, validity) so the probe can say so before
// blaming the server. The plain key exists only in memory for the TLS context.
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { decodeFile, decodePrivateKeyFile, readInputFile, type PassphraseSource } from '../decode.js';
import { UserError } from '../errors.js';
import { spkiSha256 } from '../facts.js';
import { plainPrivateKeyPem } from '../keys.js';
import { chainEntry } from './tls-evidence.js';
import type { ClientCredentials } from './session.js';
import type { ChainEntry } from '../../../shared/diagnoses.js';

export interface ClientIdentity {
  credentials: ClientCredentials;
  /** The client certificate, when it could be read locally (always for PEM). */
  certificate: ChainEntry | null;
  keyMatchesCertificate: boolean | null;
  source: string;
}

export async function loadPemIdentity(certPath: string, keyPath: string, passphrase?: PassphraseSource): Promise<ClientIdentity> {
  const certificates = (await decodeFile(certPath, passphrase)).filter((a) => a.kind === 'certificate');
  if (certificates.length === 0) throw new UserError('bad-input', `${certPath} holds no certificate: give the client certificate (PEM or DER)`);
  const key = await decodePrivateKeyFile(keyPath, passphrase);
  const leaf = certificates[0];
  const keyMatches = spkiSha256(key) === spkiSha256(new X509Certificate(leaf.der).publicKey);
  return {
    credentials: { certPem: certificates.map((c) => c.certificate.toString('pem')).join('\n') + '\n', keyPem: plainPrivateKeyPem(key) },
    certificate: chainEntry(leaf.der),
    keyMatchesCertificate: keyMatches,
    source: `${certPath} + ${keyPath}`,
  };
}

/** A PKCS#12 file, opened by the TLS library itself (an empty passphrase is tried first). */
export async function loadPkcs12Identity(path: string, passphrase?: PassphraseSource): Promise<ClientIdentity> {
  const pfx = readInputFile(path);
  const attempt = (secret: string | undefined): unknown => {
    try {
      createSecureContext({ pfx, passphrase: secret });
      return null;
    } catch (error) {
      return error;
    }
  };
  let secret: string | undefined = '';
  let error = attempt(secret);
  if (error && /mac verify|password|decrypt/i.test(String((error as Error).message))) {
    secret = await passphrase?.();
    if (secret === undefined) throw new UserError('passphrase-required', `${path} is protected by a passphrase: give it with --passphrase-env VAR or --passphrase-file F`);
    error = attempt(secret);
    if (error && /mac verify|password|decrypt/i.test(String((error as Error).message))) throw new UserError('wrong-passphrase', `${path}: wrong passphrase for this PKCS#12 file; try again`);
  }
  if (error) {
    const code = String((error as { code?: string }).code ?? '');
    if (/KEY_VALUES_MISMATCH/.test(code)) {
      return { credentials: { pfx, passphrase: secret }, certificate: null, keyMatchesCertificate: false, source: path };
    }
    throw new UserError('bad-input', `${path} is not a PKCS#12 file the TLS library can open (${(error as Error).message})`);
  }
  return { credentials: { pfx, passphrase: secret }, certificate: null, keyMatchesCertificate: null, source: path };
}
