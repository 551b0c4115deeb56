// The client identity of an onboarding: a new key in the vault plus its self-signed certificate
// (TSH, TMG) or CSR (D1), built by identity.ts to the program's rules. Renewal makes a new key and
// certificate/CSR with the same profile and subject, and keeps the old one until it is retired.
import type { KeyAlgorithmId } from '../../shared/algorithms.js';
import type { Finding } from '../../shared/findings.js';
import { formatName } from '../../shared/artifact-facts.js';
import type { Subject } from '../../shared/subject.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { UserError } from './errors.js';
import { createCsr, createSelfSignedCertificate, type SigningKey } from './identity.js';
import { certificateRecord } from './import.js';
import { currentIdentity, type IdentityRecord, type Inventory } from './inventory.js';
import { generateKey } from './keys.js';
import { isPkcs11Uri } from '../../shared/pkcs11.js';
import {
  deleteTokenKey,
  generateOnToken,
  tokenOfUri,
  withTokenKey,
  type TokenLogin,
} from './token/token.js';
import type { Vault } from './vault/vault.js';
import { x509 } from './x509-provider.js';

export interface IdentityDeps {
  inventory: Inventory;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  /** The CN layout Thales confirmed for a program, when the user saved one. */
  confirmedCommonNameLayout?: (program: string) => string | undefined;
}

export interface GenerateIdentityRequest {
  onboardingId: string;
  algorithm: KeyAlgorithmId;
  /** Self-signed programs: the exact CN from the portal. D1: overrides the CN built from the template. */
  commonName?: string;
  /** C, ST, L, O, OU (required for D1). */
  subject?: Subject;
  commonNameTemplate?: string;
  /** Self-signed validity; defaults to the program maximum. */
  days?: number;
  /** Called once the key and certificate/CSR are made, before anything is stored: throw to store nothing (a cancelled generation). */
  beforeStore?: () => void;
  /** Generate the key on this PKCS#11 token instead of the vault (the PIN is used once, never kept). */
  token?: TokenLogin;
}

export interface IdentityResult {
  onboardingId: string;
  identity: IdentityRecord;
  /** The certificate or CSR PEM (public). */
  pem: string;
  findings: Finding[];
}

async function build(
  deps: IdentityDeps,
  request: GenerateIdentityRequest,
  predecessorId: string | null,
): Promise<IdentityResult> {
  const record = deps.inventory.get(request.onboardingId);
  const profile = deps.inventory.profileOf(record);
  if (!profile.keyAlgorithms.allowed.includes(request.algorithm)) {
    const refused = profile.keyAlgorithms.refused.find((r) => r.algorithm === request.algorithm);
    throw new UserError(
      'bad-input',
      refused
        ? refused.reason
        : `${profile.displayName} does not accept ${request.algorithm}: use ${profile.keyAlgorithms.allowed.join(', ')}`,
      {},
      {
        id: 'identity.algorithm-refused',
        params: {
          program: profile.displayName,
          algorithm: request.algorithm,
          allowed: profile.keyAlgorithms.allowed.join(', '),
        },
      },
    );
  }
  if (!request.token && !deps.vault.status().unlocked)
    throw new UserError(
      'locked',
      'the vault is locked: unlock it with the master passphrase first',
      {},
      { id: 'vault.locked' },
    );
  if (profile.clientCertificate.mode === 'self-signed' && !request.commonName)
    throw new UserError(
      'bad-input',
      `${profile.displayName} needs the exact Common Name the Thales portal shows for this environment`,
      { need: 'common-name', field: 'cn' },
      { id: 'identity.cn-needed', params: { program: profile.displayName } },
    );
  if (request.token) return buildOnToken(deps, request, request.token, predecessorId);
  // Make and check the certificate or CSR first: nothing is stored when the subject is refused.
  const key = await generateKey(request.algorithm);
  const made = await makeArtifact(deps, request, key.privateKey);
  request.beforeStore?.();
  const stored = await deps.vault.addKey(key.privateKey, {
    origin: 'generated',
    label: made.record.id,
  });
  return recordIdentity(
    deps,
    request,
    made,
    { keyId: stored.id, publicKeySha256: stored.publicKeySha256 },
    predecessorId,
  );
}

/** The key pair made on the token (sensitive, never extractable), the certificate or CSR signed there. */
async function buildOnToken(
  deps: IdentityDeps,
  request: GenerateIdentityRequest,
  login: TokenLogin,
  predecessorId: string | null,
): Promise<IdentityResult> {
  const onboarding = deps.inventory.get(request.onboardingId);
  const now = deps.clock.now();
  const label = `${onboarding.id} ${now.toISOString().slice(0, 19).replace(/[-:]/g, '')}`;
  const key = await generateOnToken({ ...login, algorithm: request.algorithm, label });
  try {
    deps.audit.append('token.key-generated', {
      onboarding: onboarding.id,
      key: key.uri,
      module: login.module,
      algorithm: request.algorithm,
      publicKeySha256: key.publicKeySha256,
      sensitive: key.sensitive,
      extractable: key.extractable,
    });
    deps.inventory.assertKeyFree(key.publicKeySha256!, onboarding.id);
    const made = await withTokenKey(
      { module: login.module, uri: key.uri, pin: login.pin },
      async (signer, store) => {
        const artifact = await makeArtifact(deps, request, signer);
        request.beforeStore?.();
        if (artifact.certificate) {
          store.certificate(Buffer.from(new x509.X509Certificate(artifact.pem).rawData));
          deps.audit.append('token.certificate-stored', {
            onboarding: onboarding.id,
            key: key.uri,
            sha256Fingerprint: artifact.certificate.sha256Fingerprint,
          });
        }
        return artifact;
      },
    );
    return recordIdentity(
      deps,
      request,
      made,
      { keyId: key.uri, publicKeySha256: key.publicKeySha256!, tokenModule: login.module },
      predecessorId,
    );
  } catch (error) {
    // Nothing is kept for a refused or cancelled generation: the new key pair leaves the token.
    // Once the inventory holds the identity (a failure after that, such as a cut audit trail),
    // the key is in use and stays.
    const inUse = deps.inventory
      .get(onboarding.id)
      .identities.some((identity) => identity.keyId === key.uri);
    if (!inUse) {
      await deleteTokenKey({ module: login.module, uri: key.uri, pin: login.pin }).catch(() => 0);
      deps.audit.append('token.key-deleted', { onboarding: onboarding.id, key: key.uri });
    }
    throw error;
  }
}

interface Artifact {
  record: ReturnType<Inventory['get']>;
  pem: string;
  findings: Finding[];
  commonName: string;
  subject: Subject;
  certificate: ReturnType<typeof certificateRecord> | null;
  csr: { pem: string; subject: string; publicKeySha256: string; createdAt: string } | null;
}

async function makeArtifact(
  deps: IdentityDeps,
  request: GenerateIdentityRequest,
  signingKey: SigningKey,
): Promise<Artifact> {
  const record = deps.inventory.get(request.onboardingId);
  const profile = deps.inventory.profileOf(record);
  const now = deps.clock.now();
  const subject: Subject = { ...request.subject };
  let pem: string;
  let findings: Finding[];
  let commonName: string;
  let certificate = null;
  let csr = null;
  if (profile.clientCertificate.mode === 'self-signed') {
    if (!request.commonName)
      throw new UserError(
        'bad-input',
        `${profile.displayName} needs the exact Common Name the Thales portal shows for this environment`,
        { need: 'common-name', field: 'cn' },
        { id: 'identity.cn-needed', params: { program: profile.displayName } },
      );
    commonName = request.commonName;
    const result = await createSelfSignedCertificate({
      profile,
      environmentId: record.environment,
      commonName,
      subject,
      privateKey: signingKey,
      days: request.days,
      now,
    });
    pem = result.pem;
    findings = result.findings;
    certificate = certificateRecord(
      Buffer.from(new x509.X509Certificate(pem).rawData),
      result.facts,
    );
  } else {
    const result = await createCsr({
      profile,
      environmentId: record.environment,
      identifier: record.identifier,
      subject: request.commonName ? { ...subject, CN: request.commonName } : subject,
      commonNameTemplate: request.commonNameTemplate,
      confirmedCommonNameTemplate: deps.confirmedCommonNameLayout?.(profile.id),
      privateKey: signingKey,
      now,
    });
    pem = result.pem;
    findings = result.findings;
    commonName = result.commonName;
    csr = {
      pem,
      subject: formatName(result.facts.subject),
      publicKeySha256: result.facts.publicKeySha256,
      createdAt: now.toISOString(),
    };
  }
  return { record, pem, findings, commonName, subject, certificate, csr };
}

function recordIdentity(
  deps: IdentityDeps,
  request: GenerateIdentityRequest,
  made: Artifact,
  key: { keyId: string; publicKeySha256: string; tokenModule?: string },
  predecessorId: string | null,
): IdentityResult {
  const { record, pem, findings, commonName, subject, certificate, csr } = made;
  const now = deps.clock.now();
  const identity = deps.inventory.addIdentity(record.id, {
    keyId: key.keyId,
    ...(key.tokenModule ? { tokenModule: key.tokenModule } : {}),
    algorithm: request.algorithm,
    publicKeySha256: key.publicKeySha256,
    commonName,
    subject: { ...subject, CN: commonName },
    commonNameTemplate: request.commonNameTemplate ?? null,
    createdAt: now.toISOString(),
    certificate,
    issuerChain: [],
    certificateFindings: findings,
    csr,
    predecessorId,
  });
  deps.audit.append(certificate ? 'certificate.created' : 'csr.created', {
    onboarding: record.id,
    identity: identity.id,
    key: key.keyId,
    commonName,
    sha256Fingerprint: certificate?.sha256Fingerprint ?? null,
    publicKeySha256: key.publicKeySha256,
  });
  return { onboardingId: record.id, identity, pem, findings };
}

export function generateIdentity(
  deps: IdentityDeps,
  request: GenerateIdentityRequest,
): Promise<IdentityResult> {
  return build(deps, request, null);
}

/** A new key and certificate/CSR with the current identity's algorithm and subject; the old one stays until retired. */
export async function renewIdentity(
  deps: IdentityDeps,
  request: {
    onboardingId: string;
    algorithm?: KeyAlgorithmId;
    days?: number;
    beforeStore?: () => void;
    /** The token PIN, when the current key is on a token (the new key is made on the same token). */
    pin?: string;
    /** The module, when the identity does not say (older records). */
    module?: string;
  },
): Promise<IdentityResult> {
  const record = deps.inventory.get(request.onboardingId);
  const previous = currentIdentity(record);
  if (!previous)
    throw new UserError(
      'not-found',
      `onboarding ${record.id} has no identity to renew: make one`,
      { need: 'make-identity', onboardingId: record.id },
      { id: 'identity.nothing-to-renew', params: { onboarding: record.id } },
    );
  const algorithm = request.algorithm ?? previous.algorithm;
  if (!algorithm)
    throw new UserError(
      'bad-input',
      `the current key of ${record.id} is not one mTLS Desk generates: choose the algorithm of the new key`,
      { need: 'algorithm', field: 'algorithm' },
      { id: 'identity.choose-algorithm', params: { onboarding: record.id } },
    );
  const { CN, ...rest } = previous.subject;
  const profile = deps.inventory.profileOf(record);
  const result = await build(
    deps,
    {
      onboardingId: record.id,
      algorithm,
      subject: rest,
      days: request.days,
      beforeStore: request.beforeStore,
      token: previous && isPkcs11Uri(previous.keyId) ? tokenLoginFor(previous, request) : undefined,
      // D1 rebuilds the CN from the template: the key type in it may change with the algorithm.
      commonName: profile.clientCertificate.mode === 'self-signed' ? CN : undefined,
      commonNameTemplate: previous.commonNameTemplate ?? undefined,
    },
    previous.id,
  );
  deps.audit.append('identity.renewed', {
    onboarding: record.id,
    from: previous.id,
    to: result.identity.id,
  });
  return result;
}

function tokenLoginFor(
  previous: IdentityRecord,
  request: { pin?: string; module?: string },
): TokenLogin {
  const module = request.module ?? previous.tokenModule;
  if (!module)
    throw new UserError(
      'bad-input',
      `the current key is on a token (${previous.keyId}): give its PKCS#11 module`,
      { need: 'token-module', keyId: previous.keyId },
      { id: 'identity.token-module', params: { key: previous.keyId } },
    );
  if (request.pin === undefined)
    throw new UserError(
      'passphrase-required',
      `the current key is on token "${tokenOfUri(previous.keyId).token}": the new key is made there too, so give the user PIN`,
      { need: 'token-pin', keyId: previous.keyId },
      { id: 'identity.token-pin', params: { token: tokenOfUri(previous.keyId).token } },
    );
  return { module, token: tokenOfUri(previous.keyId).token, pin: request.pin };
}

export function retireIdentity(
  deps: IdentityDeps,
  request: { onboardingId: string; identityId: string },
): IdentityRecord {
  const record = deps.inventory.retireIdentity(request.onboardingId, request.identityId);
  deps.audit.append('identity.retired', { onboarding: record.id, identity: request.identityId });
  return record.identities.find((i) => i.id === request.identityId)!;
}
