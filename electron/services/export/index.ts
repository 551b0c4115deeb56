// Deliberate exports of an onboarding's identity: the private key as encrypted PKCS#8, a PKCS#12
// in a named preset, or the certificate chain as PEM (leaf first). Every export is read back before
// it is written, and the file on disk is checked to hold those bytes before it replaces anything.
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { passphraseProblem, passphraseProblemText } from '../../../shared/passphrase.js';
import type { AuditLog } from '../audit.js';
import { decodeArtifacts } from '../decode.js';
import { isPkcs11Uri, TOKEN_KEY_EXPORT_REFUSED } from '../../../shared/pkcs11.js';
import { UserError } from '../errors.js';
import { spkiSha256 } from '../facts.js';
import { sameBytes, writeFileAtomic } from '../files.js';
import type { IdentityRecord, Inventory } from '../inventory.js';
import { encryptPrivateKey } from '../keys.js';
import type { Vault } from '../vault/vault.js';
import { asBytes, x509 } from '../x509-provider.js';
import { buildPkcs12, readPkcs12OffThread, type Pkcs12Preset } from './pkcs12.js';

export interface ExportDeps {
  inventory: Inventory;
  vault: Vault;
  audit: AuditLog;
}

export interface ExportTarget {
  onboardingId: string;
  /** Defaults to the current identity. */
  identityId?: string;
  out: string;
  overwrite?: boolean;
}

export interface ExportResult {
  out: string;
  sha256: string;
  bytes: number;
  keyId?: string;
  certificates?: number;
}

/** The same rule as the master passphrase's (shared/passphrase.ts): it is all that protects the key outside the vault. */
export function checkExportPassphrase(passphrase: string): void {
  const problem = passphraseProblem(passphrase, 'export');
  if (problem)
    throw new UserError('bad-input', problem, {}, passphraseProblemText(passphrase, 'export'));
}

function locate(
  deps: ExportDeps,
  target: ExportTarget,
): { identity: IdentityRecord; onboardingId: string } {
  const record = deps.inventory.get(target.onboardingId);
  return { identity: deps.inventory.identity(record, target.identityId), onboardingId: record.id };
}

/** Certificates leaf first: the client certificate, then the issuers imported with it. */
function chainDer(identity: IdentityRecord, onboardingId: string): Buffer[] {
  if (!identity.certificate) {
    throw new UserError(
      'not-found',
      `onboarding ${onboardingId} has no client certificate yet${identity.csr ? ': import the certificate Thales signed from the CSR first' : ''}`,
      identity.csr ? { need: 'import-signed-certificate', onboardingId } : { onboardingId },
      {
        id: 'export.no-certificate',
        params: { onboarding: onboardingId, csr: identity.csr ? 'yes' : 'no' },
      },
    );
  }
  return [identity.certificate, ...identity.issuerChain].map((c) =>
    Buffer.from(new x509.X509Certificate(c.pem).rawData),
  );
}

/**
 * Checks the bytes with `check` (read back as the receiving tool would) BEFORE anything is written,
 * then writes them, checking that the temp file holds exactly those bytes before it replaces the
 * target: a failure leaves a previous file (--force) untouched.
 */
async function writeChecked(
  out: string,
  data: string | Buffer,
  options: { overwrite?: boolean; mode: number },
  check: (bytes: Buffer) => Promise<void> | void,
): Promise<ExportResult> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  try {
    await check(bytes);
  } catch (error) {
    throw new UserError(
      'bad-input',
      `${out} was not written: the export did not read back correctly (${(error as Error).message})`,
      {},
      { id: 'export.read-back-failed', params: { out, detail: (error as Error).message } },
    );
  }
  writeFileAtomic(out, bytes, { ...options, verify: (temp) => sameBytes(temp, bytes) });
  return { out, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

function sameKey(a: KeyObject, publicKeySha256: string): void {
  if (spkiSha256(a) !== publicKeySha256)
    throw new Error('the key read back is not the exported key');
}

/** A key generated on a token is never extractable: say so instead of looking in the vault. */
function refuseTokenKey(keyId: string): void {
  if (isPkcs11Uri(keyId))
    throw new UserError('bad-input', TOKEN_KEY_EXPORT_REFUSED, {}, { id: 'export.token-key' });
}

export async function exportKey(
  deps: ExportDeps,
  target: ExportTarget & { passphrase: string },
): Promise<ExportResult> {
  checkExportPassphrase(target.passphrase);
  const { identity, onboardingId } = locate(deps, target);
  refuseTokenKey(identity.keyId);
  const pem = await deps.vault.withPrivateKey(identity.keyId, (key) =>
    encryptPrivateKey(key, target.passphrase),
  );
  const result = await writeChecked(
    target.out,
    pem,
    { overwrite: target.overwrite, mode: 0o600 },
    (bytes) => {
      sameKey(
        createPrivateKey({ key: bytes, format: 'pem', passphrase: target.passphrase }),
        identity.publicKeySha256,
      );
    },
  );
  deps.audit.append('export.key', {
    onboarding: onboardingId,
    key: identity.keyId,
    format: 'pkcs8-encrypted',
    file: target.out,
    sha256: result.sha256,
  });
  return { ...result, keyId: identity.keyId };
}

export async function exportPkcs12(
  deps: ExportDeps,
  target: ExportTarget & { passphrase: string; preset: Pkcs12Preset },
): Promise<ExportResult> {
  checkExportPassphrase(target.passphrase);
  const { identity, onboardingId } = locate(deps, target);
  refuseTokenKey(identity.keyId);
  const certificates = chainDer(identity, onboardingId);
  const p12 = await deps.vault.withPrivateKey(identity.keyId, (privateKey) =>
    buildPkcs12({
      privateKey,
      certificates,
      friendlyName: onboardingId,
      password: target.passphrase,
      preset: target.preset,
    }),
  );
  const result = await writeChecked(
    target.out,
    p12,
    { overwrite: target.overwrite, mode: 0o600 },
    async (bytes) => {
      const back = await readPkcs12OffThread(bytes, target.passphrase, target.out);
      if (back.privateKeys.length !== 1 || back.certificates.length !== certificates.length)
        throw new Error('the PKCS#12 read back holds other contents');
      sameKey(back.privateKeys[0], identity.publicKeySha256);
      // And by OpenSSL itself, as a TLS client would load it.
      createSecureContext({ pfx: bytes, passphrase: target.passphrase });
    },
  );
  deps.audit.append('export.p12', {
    onboarding: onboardingId,
    key: identity.keyId,
    preset: target.preset,
    file: target.out,
    sha256: result.sha256,
  });
  return { ...result, keyId: identity.keyId, certificates: certificates.length };
}

export async function exportChain(deps: ExportDeps, target: ExportTarget): Promise<ExportResult> {
  const { identity, onboardingId } = locate(deps, target);
  const certificates = chainDer(identity, onboardingId);
  const pem = certificates
    .map((der) => new x509.X509Certificate(asBytes(der)).toString('pem') + '\n')
    .join('');
  const result = await writeChecked(
    target.out,
    pem,
    { overwrite: target.overwrite, mode: 0o644 },
    async (bytes) => {
      const back = await decodeArtifacts(bytes, target.out);
      if (
        back.length !== certificates.length ||
        back.some((a, i) => a.kind !== 'certificate' || !a.der.equals(certificates[i]))
      )
        throw new Error('the chain read back differs');
    },
  );
  deps.audit.append('export.chain', {
    onboarding: onboardingId,
    certificates: certificates.length,
    file: target.out,
    sha256: result.sha256,
  });
  return { ...result, certificates: certificates.length };
}
