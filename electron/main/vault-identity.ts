// The client identity of an onboarding, for a connection test: its certificate with the key from
// the vault, decrypted in main for this one TLS context and never sent anywhere else.
import type { Desk } from '../services/desk.js';
import { UserError } from '../services/errors.js';
import { plainPrivateKeyPem } from '../services/keys.js';
import type { ClientIdentity } from '../services/probe/client-identity.js';
import { chainEntry } from '../services/probe/tls-evidence.js';

export async function vaultIdentity(desk: Desk, onboardingId: string): Promise<ClientIdentity> {
  const view = desk.onboardings.get(onboardingId);
  const current = view.current;
  const certificate = current?.certificate;
  if (!current || !certificate) {
    throw new UserError('not-found', `${view.identifier} has no client certificate yet: ${current ? 'import the certificate Thales signed first' : 'make the client identity first'}`);
  }
  const chainPem = [certificate.pem, ...current.issuerChain.map((c) => c.pem)].join('');
  const keyPem = await desk.vault.withPrivateKey(current.keyId, (key) => plainPrivateKeyPem(key));
  const der = Buffer.from(certificate.pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  return {
    credentials: { certPem: chainPem, keyPem },
    certificate: chainEntry(der),
    keyMatchesCertificate: current.publicKeySha256 === certificate.publicKeySha256,
    source: `vault key ${current.keyId}`,
  };
}
