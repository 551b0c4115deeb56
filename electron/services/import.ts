// Takes in what a person hands over, as a file or pasted text: PEM, DER, PKCS#7, PKCS#12 (with its
// password), encrypted or plain PKCS#8, traditional PEM keys. Chains are put leaf first and checked
// for completeness; a certificate for a key must match it by public key; Thales assets are linted
// against the program (expiry, expected CA). Refusals say why and change nothing.
import { createHash, X509Certificate as NodeCertificate, type KeyObject } from 'node:crypto';
import { subjectOf, formatName, type CertificateFacts } from '../../shared/artifact-facts.js';
import { hasErrors, sortFindings, type Finding } from '../../shared/findings.js';
import { ASSET_NAMES, type AssetName, type ProgramProfile } from '../../shared/programs/schema.js';
import {
  lintClientCertificateFacts,
  lintKeyFacts,
  lintValidity,
} from '../../shared/rules/client-identity.js';
import { DEFAULT_EXPIRING_SOON_DAYS, type LintContext } from '../../shared/rules/context.js';
import { lintThalesServerChain } from '../../shared/rules/server-chain.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { decodeArtifacts, type PassphraseSource } from './decode.js';
import { toPem } from './pem.js';
import { UserError, type UserErrorCode, type UserErrorDetails } from './errors.js';
import { certificateFacts, keyFacts } from './facts.js';
import { looksLikePkcs12, readPkcs12 } from './export/pkcs12.js';
import { quoteInput } from './pasted-text.js';
import {
  currentIdentity,
  type AssetRecord,
  type CertificateRecord,
  type HostValue,
  type Inventory,
  type OnboardingRecord,
} from './inventory.js';
import type { Vault } from './vault/vault.js';
import { clientCertificateAdvice, selectClientCa } from './thales-client-ca.js';
import { asBytes, x509 } from './x509-provider.js';
import { offThread } from './off-thread.js';
import { tokenOfUri, withTokenKey } from './token/token.js';
import { isPkcs11Uri } from '../../shared/pkcs11.js';
import {
  LIMIT_MESSAGES,
  LIMIT_TEXTS,
  MAX_CERTIFICATES_PER_INPUT,
} from '../../shared/input-limits.js';

export interface CertificateInput {
  der: Buffer;
  certificate: x509.X509Certificate;
}

export interface Material {
  privateKeys: KeyObject[];
  certificates: CertificateInput[];
  csrCount: number;
}

/** Everything in one input, whatever its format. A PKCS#12 file asks for its password. */
async function readMaterial(
  data: Buffer | string,
  source: string,
  passphrase?: PassphraseSource,
): Promise<Material> {
  if (typeof data !== 'string' && looksLikePkcs12(data)) {
    const password = await passphrase?.();
    if (password === undefined)
      throw new UserError(
        'passphrase-required',
        `${source} is a PKCS#12 file: give its password`,
        { need: 'file-passphrase' },
        { id: 'import.pkcs12-password-needed', params: { source } },
      );
    const contents = await readPkcs12(data, password, source);
    if (contents.certificates.length > MAX_CERTIFICATES_PER_INPUT)
      throw new UserError(
        'bad-input',
        LIMIT_MESSAGES.tooManyCertificates(source, contents.certificates.length),
        {},
        LIMIT_TEXTS.tooManyCertificates(source, contents.certificates.length),
      );
    return {
      privateKeys: contents.privateKeys,
      certificates: contents.certificates.map((der) => ({
        der,
        certificate: new x509.X509Certificate(asBytes(der)),
      })),
      csrCount: 0,
    };
  }
  const decoded = await decodeArtifacts(data, source, passphrase);
  return {
    privateKeys: decoded.flatMap((d) => (d.kind === 'private-key' ? [d.key] : [])),
    certificates: decoded.flatMap((d) =>
      d.kind === 'certificate' ? [{ der: d.der, certificate: d.certificate }] : [],
    ),
    csrCount: decoded.filter((d) => d.kind === 'csr').length,
  };
}

export interface OrderedChain {
  /** DER, leaf first, each certificate issued by the next. */
  chain: Buffer[];
  facts: CertificateFacts[];
  /** The subjects of the certificates that belong to no chain with the leaf. */
  foreign: string[];
  /** The leaf's subject as written in refusals. */
  leafSubject: string;
  /** The last certificate is a self-signed root. */
  endsAtRoot: boolean;
}

/**
 * Certificates that share an issuer's name and are tried as its issuer, at most: cross-signed or
 * re-keyed CAs give two or three; a paste of hundreds with one name gets no quadratic search.
 */
const MAX_ISSUER_CANDIDATES = 8;

/**
 * Orders certificates leaf first by issuer name and signature, whatever order they came in, in
 * linear time: certificates are indexed by subject, each one's issuer is looked up by name and its
 * signature checked against at most MAX_ISSUER_CANDIDATES, and chain lengths are memoized.
 */
function orderChain(certificates: CertificateInput[], label: string): OrderedChain {
  const seen = new Set<string>();
  const unique = certificates.filter((c) => {
    const digest = createHash('sha256').update(c.der).digest('hex');
    if (seen.has(digest)) return false;
    seen.add(digest);
    return true;
  });
  const native = unique.map((c) => new NodeCertificate(c.der));
  const bySubject = new Map<string, number[]>();
  native.forEach((n, i) => {
    const list = bySubject.get(n.subject);
    if (list) list.push(i);
    else bySubject.set(n.subject, [i]);
  });
  const verifies = (child: number, parent: number): boolean => {
    try {
      return native[child].verify(native[parent].publicKey);
    } catch {
      return false;
    }
  };
  const selfSigned = native.map((n, i) => n.issuer === n.subject && verifies(i, i));
  /** Every certificate that issued one of the others (a leaf issues none). */
  const issuesOthers = new Array<boolean>(unique.length).fill(false);
  const issuer = native.map((n, i) => {
    if (selfSigned[i]) return -1;
    const named = (bySubject.get(n.issuer) ?? [])
      .filter((j) => j !== i)
      .slice(0, MAX_ISSUER_CANDIDATES);
    let first = -1;
    for (const j of named) {
      if (!verifies(i, j)) continue;
      issuesOthers[j] = true;
      if (first < 0) first = j;
    }
    return first;
  });
  // Chain length from each certificate up, memoized; a loop stops where it closes.
  const length = new Array<number>(unique.length).fill(0);
  const lengthFrom = (start: number): number => {
    const stack: number[] = [];
    const onStack = new Set<number>();
    let at = start;
    while (at >= 0 && length[at] === 0 && !onStack.has(at)) {
      stack.push(at);
      onStack.add(at);
      at = issuer[at];
    }
    let base = at >= 0 && length[at] > 0 ? length[at] : 0;
    for (let k = stack.length - 1; k >= 0; k--) length[stack[k]] = ++base;
    return length[start];
  };
  const leaves = unique.map((_, i) => i).filter((i) => !issuesOthers[i]);
  let start = leaves.length > 0 ? leaves[0] : 0;
  for (const i of leaves) if (lengthFrom(i) > lengthFrom(start)) start = i;
  const best: number[] = [];
  const inChain = new Set<number>();
  for (let at = start; at >= 0 && !inChain.has(at); at = issuer[at]) {
    best.push(at);
    inChain.add(at);
  }
  const chain = best.map((i) => unique[i]);
  const facts = chain.map((c, i) =>
    certificateFacts(c.certificate, chain.length > 1 ? `${label} #${i + 1}` : label, {
      issuer: chain[i + 1]?.certificate,
    }),
  );
  return {
    chain: chain.map((c) => c.der),
    facts,
    foreign: unique.filter((_, i) => !inChain.has(i)).map((c) => c.certificate.subject),
    leafSubject: chain[0]?.certificate.subject ?? '',
    endsAtRoot: best.length > 0 && selfSigned[best[best.length - 1]],
  };
}

/** What one input holds, read and ordered: the plain result of the heavy work. */
export interface Analysis {
  privateKeys: KeyObject[];
  csrCount: number;
  /** Null when the input holds no certificate. */
  ordered: OrderedChain | null;
}

/** Reads and orders an input in this thread (the worker's side of analyseInput). */
export async function analyseInputHere(
  data: Buffer | string,
  source: string,
  passphrase?: PassphraseSource,
): Promise<Analysis> {
  const material = await readMaterial(data, source, passphrase);
  return {
    privateKeys: material.privateKeys,
    csrCount: material.csrCount,
    ordered: material.certificates.length > 0 ? orderChain(material.certificates, source) : null,
  };
}

/**
 * Reads and orders an input off the main thread (decoding, signature checks and key derivations
 * of untrusted input never stall the caller); `signal` stops it.
 */
export function analyseInput(
  data: Buffer | string,
  source: string,
  passphrase?: PassphraseSource,
  signal?: AbortSignal,
): Promise<Analysis> {
  return offThread<Analysis>('analyse', [data, source], { what: source, passphrase, signal }, () =>
    analyseInputHere(data, source, passphrase),
  );
}

export function certificateRecord(der: Buffer, facts: CertificateFacts): CertificateRecord {
  return {
    pem: toPem('CERTIFICATE', der),
    subject: formatName(facts.subject),
    issuer: formatName(facts.issuer),
    serialNumber: facts.serialNumber,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    sha256Fingerprint: facts.sha256Fingerprint,
    publicKeySha256: facts.publicKeySha256,
    selfSigned: facts.selfSigned,
  };
}

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** A host name with a base path fits in this; anything longer was pasted by mistake. */
const MAX_HOST_VALUE = 512;

/** "api.example.com/base", "api.example.com:8443/base" or "https://api.example.com/base". */
function parseHost(text: string, asset: string): HostValue {
  const trimmed = text.trim();
  if (
    trimmed === '' ||
    /\s/.test(trimmed) ||
    trimmed.includes('-----BEGIN') ||
    trimmed.length > MAX_HOST_VALUE
  ) {
    throw new UserError(
      'bad-input',
      `${asset} is a host name plus the API base path (e.g. api.bank.example/thales/v1), not ${trimmed === '' ? 'empty text' : quoteInput(trimmed)}`,
      {},
      { id: 'host.not-host', params: { asset, value: trimmed === '' ? '' : quoteInput(trimmed) } },
    );
  }
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new UserError(
      'bad-input',
      `${asset} ${quoteInput(trimmed)} is not a host name with an optional path: write it like api.bank.example/thales/v1`,
      {},
      { id: 'host.invalid', params: { asset, value: quoteInput(trimmed) } },
    );
  }
  if (url.protocol !== 'https:')
    throw new UserError(
      'bad-input',
      `${asset} must be reached over https (mutual TLS), not ${quoteInput(url.protocol.replace(':', ''))}`,
      {},
      {
        id: 'host.not-https',
        params: { asset, scheme: quoteInput(url.protocol.replace(':', '')) },
      },
    );
  const host = url.hostname;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('['))
    throw new UserError(
      'bad-input',
      `${asset} must be a DNS host name, not the IP address ${host}: Thales resolves host names through DNS`,
      {},
      { id: 'host.ip-address', params: { asset, host } },
    );
  if (!HOST_NAME.test(host))
    throw new UserError(
      'bad-input',
      `${asset} ${quoteInput(host)} is not a valid DNS host name`,
      {},
      { id: 'host.invalid-name', params: { asset, host: quoteInput(host) } },
    );
  if (url.search || url.hash || url.username)
    throw new UserError(
      'bad-input',
      `${asset} takes a host and a base path only, without query, fragment or user name`,
      {},
      { id: 'host.extra-parts', params: { asset } },
    );
  return {
    host: host.toLowerCase(),
    port: url.port ? Number(url.port) : null,
    basePath: url.pathname === '' ? '/' : url.pathname,
  };
}

export type ImportTarget = AssetName | 'signed-certificate' | 'identity';

export interface ImportRequest {
  onboardingId: string;
  as: ImportTarget;
  data: Buffer | string;
  /** A file name, or "pasted text". */
  source: string;
  /** The file's own passphrase (PKCS#12 password, encrypted PKCS#8): the text, or a source asked only when needed. */
  passphrase?: string | PassphraseSource;
  /** Stops the reading (a superseded paste, a closed window). */
  signal?: AbortSignal;
  /**
   * The user PIN of the token that holds the matched key (asked only then): the signed certificate
   * is stored on the token beside its key. Used once, never kept or logged; undefined: not now.
   */
  tokenPin?: (token: string) => Promise<string | undefined> | string | undefined;
  /** The PKCS#11 module of that token when the identity does not record one. */
  tokenModule?: string;
}

export interface ImportResult {
  onboardingId: string;
  as: ImportTarget;
  /** What was stored, in a few words. */
  stored: string;
  certificates: Array<
    Pick<CertificateRecord, 'subject' | 'issuer' | 'notAfter' | 'sha256Fingerprint'>
  >;
  findings: Finding[];
  keyId?: string;
  identityId?: string;
  /** TSH_TLS_CLIENT_CERTIFICATE: the issuing CA the file carries (import the same file as THALES_CLIENT_CA to keep it). */
  clientCaInChain?: string | null;
}

export interface ImportDeps {
  inventory: Inventory;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
  expiringSoonDays: () => number;
  /** The CN layout Thales confirmed for a program, when the user saved one. */
  confirmedCommonNameLayout?: (program: string) => string | undefined;
}

function onboardingLintContext(
  deps: Pick<ImportDeps, 'clock' | 'expiringSoonDays' | 'confirmedCommonNameLayout'>,
  profile: ProgramProfile,
  record: OnboardingRecord,
  extra: Partial<LintContext> = {},
): LintContext {
  return {
    profile,
    environmentId: record.environment,
    now: deps.clock.now(),
    identifier: record.identifier,
    expiringSoonDays: deps.expiringSoonDays() ?? DEFAULT_EXPIRING_SOON_DAYS,
    confirmedCommonNameTemplate: deps.confirmedCommonNameLayout?.(profile.id),
    ...extra,
  };
}

function refuseForeign(ordered: OrderedChain, source: string): void {
  if (ordered.foreign.length === 0) return;
  // A few names, then a count: a paste of hundreds still gets one readable sentence.
  const shown = ordered.foreign.slice(0, 3).map((subject) => `"${subject}"`);
  const more = ordered.foreign.length - shown.length;
  const names = more > 0 ? `${shown.join(', ')} and ${more} other certificates` : shown.join(', ');
  const finding: Finding = {
    id: 'chain-foreign-certificate',
    severity: 'error',
    message: `${names} ${ordered.foreign.length > 1 ? 'do' : 'does'} not belong to the chain of "${ordered.leafSubject}"`,
    fix: 'remove the certificate that does not belong, or import the two chains separately',
    params: { variant: 'import', foreign: names, leaf: ordered.leafSubject },
    artifact: source,
  };
  throw new UserError(
    'bad-input',
    `${source}: ${finding.message}; ${finding.fix}. Nothing was imported`,
    { findings: [finding] },
    {
      id: 'import.refused',
      params: { source },
      findingParams: { problem: { id: finding.id, params: finding.params } },
    },
  );
}

/**
 * Whether the chain reaches its root. A last certificate that is a CA issued by someone else is the
 * usual chain given without its root (trust stores hold it): info. A last certificate that is not a
 * CA was issued by a CA that is not there: an intermediate is missing (a leaf comes from an issuing
 * CA, not straight from a root, in public PKIs and at Thales alike). How much that matters depends
 * on what the chain is for, `incomplete`: a server chain asset exists so the other side can build
 * the path to a root, and without the intermediate Thales (or the customer) cannot verify the
 * server: an error, which also keeps the bundle from being built. A client certificate still
 * identifies its key, but the chain exported with it will lack the intermediate: a warning. A
 * single-certificate asset asks for that one certificate: an info note.
 */
function completeness(
  ordered: OrderedChain,
  source: string,
  incomplete: Finding['severity'],
): Finding[] {
  if (ordered.endsAtRoot || ordered.chain.length === 0) return [];
  const top = ordered.facts[ordered.facts.length - 1];
  const issuer = formatName(top.issuer);
  if (!top.basicConstraints?.ca) {
    return [
      {
        id: 'chain-incomplete',
        severity: incomplete,
        message: `the chain ends at "${issuer}", which is not included: "${formatName(top.subject)}" is not a CA, so an intermediate is missing`,
        fix: `add the intermediate certificate "${issuer}" (and any above it) after "${formatName(top.subject)}"`,
        params: { issuer, top: formatName(top.subject) },
        artifact: source,
      },
    ];
  }
  return [
    {
      id: 'chain-without-root',
      severity: 'info',
      message: `the chain ends at "${formatName(top.subject)}", issued by "${issuer}", which is not included`,
      fix: 'usual for a server chain (the root is in trust stores); add the issuer if the receiver asks for the full chain',
      params: { top: formatName(top.subject), issuer },
      artifact: source,
    },
  ];
}

function summaries(records: CertificateRecord[]): ImportResult['certificates'] {
  return records.map(({ subject, issuer, notAfter, sha256Fingerprint }) => ({
    subject,
    issuer,
    notAfter,
    sha256Fingerprint,
  }));
}

function noPrivateKey(material: Analysis, source: string, as: string): void {
  if (material.privateKeys.length > 0) {
    throw new UserError(
      'bad-input',
      `${source} holds a private key: ${as} is public material only, and nothing was imported; import a key as the onboarding's identity, so it goes into the vault`,
      { need: 'import-identity' },
      { id: 'import.private-key-not-here', params: { source } },
    );
  }
}

/**
 * The checks of a certificate signed from the onboarding's CSR (or for its key): one certificate,
 * no private key, matching a key of the onboarding, linted as the client certificate. The import
 * and the app's live check while pasting run the same function.
 */
function signedCertificateChecks(
  deps: Pick<ImportDeps, 'clock' | 'expiringSoonDays' | 'confirmedCommonNameLayout'>,
  record: OnboardingRecord,
  profile: ProgramProfile,
  material: Analysis,
  source: string,
) {
  noPrivateKey(material, source, 'a certificate');
  const ordered = material.ordered;
  if (!ordered)
    throw new UserError(
      'bad-input',
      `${source} holds no certificate: give the certificate file (PEM, DER or .p7b)`,
      {},
      { id: 'import.no-certificate', params: { source } },
    );
  refuseForeign(ordered, source);
  const leaf = ordered.facts[0];
  const identity = [...record.identities]
    .reverse()
    .find((i) => i.retiredAt === null && i.publicKeySha256 === leaf.publicKeySha256);
  if (!identity) {
    throw new UserError(
      'bad-input',
      `the certificate "${formatName(leaf.subject)}" matches no key of onboarding ${record.id}: it was made for another key; import the certificate issued for this onboarding's CSR or key. Nothing was imported`,
      {},
      {
        id: 'import.certificate-other-key',
        params: { subject: formatName(leaf.subject), onboarding: record.id },
      },
    );
  }
  const ctx = onboardingLintContext(deps, profile, record, {
    expectedCommonName: profile.commonName.kind === 'exact' ? identity.commonName : undefined,
    commonNameTemplate: identity.commonNameTemplate ?? undefined,
  });
  const findings = [
    ...lintClientCertificateFacts(leaf, ctx),
    ...completeness(ordered, source, 'warning'),
  ];
  return { ordered, leaf, identity, findings };
}

/** The live check of a pasted or dropped signed certificate: the import's checks, nothing stored. */
export async function checkSignedCertificate(
  deps: Pick<ImportDeps, 'clock' | 'expiringSoonDays' | 'confirmedCommonNameLayout'>,
  record: OnboardingRecord,
  profile: ProgramProfile,
  data: Buffer | string,
  source: string,
  signal?: AbortSignal,
): Promise<{ ok: boolean; findings: Finding[]; certificates: CertificateRecord[]; host: null }> {
  const material = await analyseInput(data, source, undefined, signal);
  const { ordered, findings } = signedCertificateChecks(deps, record, profile, material, source);
  const sorted = sortFindings(findings);
  return {
    ok: !hasErrors(sorted),
    findings: sorted,
    certificates: ordered.chain.map((der, i) => certificateRecord(der, ordered.facts[i])),
    host: null,
  };
}

async function importSignedCertificate(
  deps: ImportDeps,
  request: ImportRequest & { passphrase?: PassphraseSource },
  record: OnboardingRecord,
  profile: ProgramProfile,
  material: Analysis,
): Promise<ImportResult> {
  const {
    ordered,
    leaf,
    identity,
    findings: checks,
  } = signedCertificateChecks(deps, record, profile, material, request.source);
  const onToken = isPkcs11Uri(identity.keyId)
    ? await storeOnToken(deps, request, record.id, identity, ordered.chain[0])
    : [];
  const findings = sortFindings([...checks, ...onToken]);
  const records = ordered.chain.map((der, i) => certificateRecord(der, ordered.facts[i]));
  deps.inventory.setCertificate(record.id, identity.id, records[0], records.slice(1), findings);
  deps.audit.append('certificate.imported', {
    onboarding: record.id,
    identity: identity.id,
    sha256Fingerprint: leaf.sha256Fingerprint,
    notAfter: leaf.notAfter,
  });
  return {
    onboardingId: record.id,
    as: request.as,
    stored: `client certificate for identity ${identity.id}`,
    certificates: summaries(records),
    findings,
    identityId: identity.id,
  };
}

/**
 * A certificate for a key on a token goes onto the token too, under the key's CKA_ID, so other
 * software (nginx, curl, Java, OpenSSL) finds the pair. Without the PIN (or the module) now, the
 * certificate is kept in the inventory and a warning says how to put it on the token.
 */
async function storeOnToken(
  deps: ImportDeps,
  request: ImportRequest,
  onboardingId: string,
  identity: { id: string; keyId: string; tokenModule?: string },
  der: Buffer,
): Promise<Finding[]> {
  const { token } = tokenOfUri(identity.keyId);
  const module = identity.tokenModule ?? request.tokenModule;
  const pin = module ? await request.tokenPin?.(token) : undefined;
  if (!module || !pin)
    return [
      {
        id: 'certificate-not-on-token',
        severity: 'warning',
        message: `the certificate is kept in the inventory but not stored on token "${token}" beside its key${module ? ' (no user PIN was given)' : ' (no PKCS#11 module is known for it)'}`,
        fix: `import it again with the token's user PIN${module ? '' : ' and its module'}, so other software finds the key and certificate together`,
        params: { token, variant: module ? 'pin' : 'module' },
        artifact: request.source,
        details: {
          need: module ? 'token-pin' : 'token-module',
          onboardingId,
          keyId: identity.keyId,
        },
      },
    ];
  const stored = await withTokenKey({ module, uri: identity.keyId, pin }, async (_signer, store) =>
    store.certificate(der),
  );
  deps.audit.append('token.certificate-stored', {
    onboarding: onboardingId,
    key: identity.keyId,
    sha256Fingerprint: createHash('sha256').update(der).digest('hex'),
    already: !stored,
  });
  return [];
}

/** The one private key an identity import holds, refused unless the program allows it. */
function compliantKey(material: Analysis, source: string, ctx: LintContext) {
  if (material.privateKeys.length !== 1) {
    throw new UserError(
      'bad-input',
      material.privateKeys.length === 0
        ? `${source} holds no private key: an identity import needs the key and its certificate (a PKCS#12 file, or PEM with both)`
        : `${source} holds ${material.privateKeys.length} private keys: give a file with one`,
      {},
      { id: 'import.key-count', params: { source, count: material.privateKeys.length } },
    );
  }
  const key = material.privateKeys[0];
  const facts = keyFacts(key, source);
  const keyFindings = lintKeyFacts(facts, ctx);
  if (hasErrors(keyFindings)) {
    const first = keyFindings.find((f) => f.severity === 'error')!;
    throw refusedImport('not-compliant', source, first, { findings: keyFindings });
  }
  return { key, facts };
}

async function importIdentity(
  deps: ImportDeps,
  request: ImportRequest & { passphrase?: PassphraseSource },
  record: OnboardingRecord,
  profile: ProgramProfile,
  material: Analysis,
  options: {
    keyField?: string;
    certificateField?: string;
    /** The certificate came from its own file, named so. */
    certificateSource?: string;
    /** A certificate that breaks a program rule is refused, not recorded as failing. */
    refuseNonCompliant?: boolean;
  } = {},
): Promise<ImportResult> {
  const ctx = onboardingLintContext(deps, profile, record);
  const { key, facts } = await fieldOf(options.keyField, () => {
    const compliant = compliantKey(material, request.source, ctx);
    deps.inventory.assertKeyFree(compliant.facts.publicKeySha256, record.id);
    return compliant;
  });
  const certificateSource = options.certificateSource ?? request.source;
  const ordered = material.ordered;
  if (!ordered) {
    throw new UserError(
      'bad-input',
      `${request.source} holds a key but no certificate for it: import the key together with its certificate (PKCS#12, or PEM with both)`,
      {},
      { id: 'import.key-without-certificate', params: { source: request.source } },
    );
  }
  await fieldOf(options.certificateField, () => refuseForeign(ordered, certificateSource));
  const leaf = ordered.facts[0];
  if (leaf.publicKeySha256 !== facts.publicKeySha256) {
    throw new UserError(
      'bad-input',
      options.certificateSource
        ? `the certificate "${formatName(leaf.subject)}" in ${options.certificateSource} was not made from the private key in ${request.source}: choose the certificate issued for this key. Nothing was imported`
        : `${request.source}: the certificate "${formatName(leaf.subject)}" does not match the private key in the file: give the key and the certificate made from it. Nothing was imported`,
      options.certificateField ? { field: options.certificateField } : {},
      {
        id: 'import.certificate-not-for-key',
        params: { subject: formatName(leaf.subject), source: request.source },
      },
    );
  }
  const subject = subjectOf(leaf.subject);
  const certFindings = sortFindings([
    ...lintClientCertificateFacts(leaf, {
      ...ctx,
      expectedCommonName: profile.commonName.kind === 'exact' ? subject.CN : undefined,
    }),
    ...completeness(ordered, certificateSource, 'warning'),
  ]);
  const broken = options.refuseNonCompliant
    ? certFindings.find((f) => f.severity === 'error')
    : undefined;
  if (broken)
    throw new UserError(
      'not-compliant',
      `the certificate "${formatName(leaf.subject)}" does not meet the ${profile.displayName} rules: ${broken.message}${broken.fix ? `; ${broken.fix}` : ''}. Nothing was imported`,
      {
        findings: certFindings,
        ...(options.certificateField ? { field: options.certificateField } : {}),
      },
      {
        id: 'import.not-compliant',
        params: { subject: formatName(leaf.subject), program: profile.displayName },
        findingParams: { problem: { id: broken.id, params: broken.params } },
      },
    );
  return recordImportedIdentity(deps, request, record, key, ordered, subject, certFindings);
}

/** The checked key goes into the vault and the identity onto the onboarding, audited. */
async function recordImportedIdentity(
  deps: ImportDeps,
  request: ImportRequest,
  record: OnboardingRecord,
  key: Parameters<ImportDeps['vault']['addKey']>[0],
  ordered: NonNullable<Analysis['ordered']>,
  subject: ReturnType<typeof subjectOf>,
  certFindings: Finding[],
): Promise<ImportResult> {
  const leaf = ordered.facts[0];
  const stored = await deps.vault.addKey(key, { origin: 'imported', label: record.id });
  const records = ordered.chain.map((der, i) => certificateRecord(der, ordered.facts[i]));
  const previous = currentIdentity(record);
  const identity = deps.inventory.addIdentity(record.id, {
    keyId: stored.id,
    imported: true,
    algorithm: stored.algorithm,
    publicKeySha256: stored.publicKeySha256,
    commonName: subject.CN ?? '',
    subject,
    commonNameTemplate: null,
    createdAt: deps.clock.now().toISOString(),
    certificate: records[0],
    issuerChain: records.slice(1),
    certificateFindings: certFindings,
    csr: null,
    predecessorId: previous?.id ?? null,
  });
  deps.audit.append('certificate.imported', {
    onboarding: record.id,
    identity: identity.id,
    key: stored.id,
    sha256Fingerprint: leaf.sha256Fingerprint,
  });
  return {
    onboardingId: record.id,
    as: request.as,
    stored: `key ${stored.id} and its certificate, as identity ${identity.id}`,
    certificates: summaries(records),
    findings: certFindings,
    keyId: stored.id,
    identityId: identity.id,
  };
}

/** A refusal said at the field of the app's form that holds what to change (details.field). */
function atField(error: unknown, field: string | undefined): unknown {
  if (field === undefined || !(error instanceof UserError) || error.details.field !== undefined)
    return error;
  return new UserError(error.code, error.message, { ...error.details, field }, error.text);
}

async function fieldOf<T>(field: string | undefined, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw atField(error, field);
  }
}

export interface IdentityFilesRequest {
  onboardingId: string;
  /** The private key file (PEM or DER, possibly encrypted), or one PKCS#12 file with key and certificate. */
  key: { data: Buffer | string; source: string };
  /** The certificate file made for the key (none with a PKCS#12 file that holds it). */
  certificate?: { data: Buffer | string; source: string };
  /** The key file's passphrase, or the PKCS#12 password. */
  passphrase?: string;
  signal?: AbortSignal;
}

/** The app form's fields a refusal of an identity-files import is said at. */
export const IDENTITY_FILE_FIELDS = {
  key: 'keyFile',
  certificate: 'certificateFile',
  passphrase: 'passphrase',
} as const;

/**
 * An existing key and its certificate, from two files or one PKCS#12 file, as the onboarding's
 * identity: the key must match the certificate and both must meet the program's rules (a
 * certificate with an error finding is refused here, unlike a file import that records it as
 * failing), then the key goes into the vault. Every refusal names the form field to change
 * (IDENTITY_FILE_FIELDS) and stores nothing.
 */
export async function importIdentityFiles(
  deps: ImportDeps,
  request: IdentityFilesRequest,
): Promise<ImportResult> {
  const record = deps.inventory.get(request.onboardingId);
  const profile = deps.inventory.profileOf(record);
  const fields = IDENTITY_FILE_FIELDS;
  const passphrase =
    request.passphrase === undefined || request.passphrase === ''
      ? undefined
      : () => request.passphrase;
  const keyMaterial = await analyseInput(
    request.key.data,
    request.key.source,
    passphrase,
    request.signal,
  ).catch((error: unknown) => {
    const code = error instanceof UserError ? error.code : '';
    throw atField(
      error,
      code === 'wrong-passphrase' || code === 'passphrase-required'
        ? fields.passphrase
        : fields.key,
    );
  });
  const certificateMaterial = request.certificate
    ? await fieldOf(fields.certificate, async () => {
        const read = await analyseInput(
          request.certificate!.data,
          request.certificate!.source,
          undefined,
          request.signal,
        );
        noPrivateKey(read, request.certificate!.source, 'the certificate file');
        if (!read.ordered)
          throw new UserError(
            'bad-input',
            `${request.certificate!.source} holds no certificate: choose the certificate file (PEM or DER) made for the key`,
            {},
            { id: 'import.no-certificate', params: { source: request.certificate!.source } },
          );
        return read;
      })
    : null;
  const material: Analysis = {
    privateKeys: keyMaterial.privateKeys,
    csrCount: keyMaterial.csrCount,
    ordered: certificateMaterial?.ordered ?? keyMaterial.ordered,
  };
  if (material.privateKeys.length === 0)
    throw new UserError(
      'bad-input',
      `${request.key.source} holds no private key: choose the key file (or a PKCS#12 file with the key)`,
      { field: fields.key },
      { id: 'import.key-count', params: { source: request.key.source, count: 0 } },
    );
  if (!material.ordered)
    throw new UserError(
      'bad-input',
      `${request.key.source} holds no certificate: choose the certificate file made for this key as well`,
      { field: request.certificate ? fields.certificate : fields.key },
      { id: 'import.key-without-certificate', params: { source: request.key.source } },
    );
  return importIdentity(
    deps,
    { onboardingId: record.id, as: 'identity', data: '', source: request.key.source },
    record,
    profile,
    material,
    {
      keyField: fields.key,
      certificateField: request.certificate ? fields.certificate : fields.key,
      certificateSource: request.certificate?.source,
      refuseNonCompliant: true,
    },
  );
}

function lintAssetChain(
  asset: AssetName,
  facts: CertificateFacts[],
  ctx: LintContext,
  source: string,
): Finding[] {
  if (asset === 'TSH_TLS_SERVER_CERTIFICATE_CHAIN')
    return lintThalesServerChain(facts, ctx, source);
  return facts.flatMap((f) => lintValidity(f, ctx, null));
}

/** A host asset (ISSUER_HOST…): parsed, and its port one Thales calls. */
function checkHost(
  profile: ProgramProfile,
  spec: ProgramProfile['assets'][number],
  asset: AssetName,
  data: Buffer | string,
) {
  const host = parseHost(typeof data === 'string' ? data : data.toString('utf8'), asset);
  const findings: Finding[] =
    host.port !== null &&
    !profile.outbound.ports.includes(host.port) &&
    spec.direction === 'to-thales'
      ? [
          {
            id: 'port-not-allowed',
            severity: 'error',
            message: `port ${host.port} is not one Thales calls`,
            fix: `use port ${profile.outbound.ports.join(' or ')}`,
            params: { port: host.port, ports: profile.outbound.ports.join(', ') },
            artifact: asset,
          },
        ]
      : [];
  return { ok: !hasErrors(findings), findings, certificates: [], host };
}

/** Checks an asset without storing it (the app's live check while pasting). */
/** An import refused for one finding: its message and fix, and the same as data. */
function refusedImport(
  code: UserErrorCode,
  source: string,
  finding: Finding,
  details: UserErrorDetails,
): UserError {
  return new UserError(
    code,
    `${source}: ${finding.message}; ${finding.fix}. Nothing was imported`,
    details,
    {
      id: 'import.refused',
      params: { source },
      findingParams: { problem: { id: finding.id, params: finding.params } },
    },
  );
}

/** An asset name the program does not have: the sentence, and the same as data. */
function unknownAsset(
  profile: ProgramProfile,
  asset: string,
  message: string,
  details: UserErrorDetails,
): UserError {
  const assets = profile.assets.map((a) => a.name).join(', ');
  return new UserError('bad-input', message, details, {
    id: 'import.unknown-asset',
    params: { program: profile.displayName, asset, assets },
  });
}

export async function checkAsset(
  deps: Pick<ImportDeps, 'clock' | 'expiringSoonDays'>,
  profile: ProgramProfile,
  environmentId: OnboardingRecord['environment'],
  asset: AssetName,
  data: Buffer | string,
  source: string,
  options: { signal?: AbortSignal; onboardingId?: string } = {},
): Promise<{
  ok: boolean;
  findings: Finding[];
  certificates: CertificateRecord[];
  host: HostValue | null;
  /** TSH_TLS_CLIENT_CERTIFICATE: the issuing CA this file carries, which can be imported as THALES_CLIENT_CA from the same file. */
  clientCaInChain?: string | null;
}> {
  const spec = profile.assets.find((a) => a.name === asset);
  if (!spec)
    throw unknownAsset(
      profile,
      asset,
      `${profile.displayName} has no asset ${asset}: use one of ${profile.assets.map((a) => a.name).join(', ')}`,
      {},
    );
  if (spec.kind === 'host') return checkHost(profile, spec, asset, data);
  if (spec.kind === 'csr')
    throw new UserError(
      'bad-input',
      `${asset} is not imported: it is made with the onboarding's client identity`,
      { need: 'make-identity', asset },
      { id: 'import.made-not-imported', params: { asset } },
    );
  const material = await analyseInput(data, source, undefined, options.signal);
  noPrivateKey(material, source, asset);
  const ordered = material.ordered;
  if (!ordered)
    throw new UserError(
      'bad-input',
      `${source} holds no certificate: ${asset} is ${spec.kind === 'certificate' ? 'a certificate' : 'a certificate chain'} (PEM, DER or .p7b)`,
      {},
      { id: 'import.no-certificate', params: { source } },
    );
  refuseForeign(ordered, source);
  const ctx: LintContext = {
    profile,
    environmentId,
    now: deps.clock.now(),
    expiringSoonDays: deps.expiringSoonDays(),
  };
  // The Thales Client CA: only the CA part of what was given is kept, never the client leaf.
  const selection =
    asset === 'THALES_CLIENT_CA'
      ? selectClientCa(ordered.facts, source)
      : { from: 0, findings: [] };
  const advice =
    asset === 'TSH_TLS_CLIENT_CERTIFICATE'
      ? clientCertificateAdvice(ordered.facts, source, options.onboardingId ?? null)
      : null;
  const kept = selection.from < 0 ? ordered.facts.length : selection.from;
  const findings = sortFindings([
    ...selection.findings,
    ...(advice?.findings ?? []),
    ...lintAssetChain(asset, ordered.facts.slice(kept), ctx, source),
    ...completeness(ordered, source, spec.kind === 'certificate-chain' ? 'error' : 'info'),
  ]);
  return {
    ok: !hasErrors(findings),
    findings,
    certificates: ordered.chain
      .map((der, i) => certificateRecord(der, ordered.facts[i]))
      .slice(kept),
    host: null,
    clientCaInChain: advice?.caInChain ? formatName(advice.caInChain.subject) : null,
  };
}

export async function importInto(deps: ImportDeps, given: ImportRequest): Promise<ImportResult> {
  const { passphrase } = given;
  const request = {
    ...given,
    passphrase: typeof passphrase === 'string' ? () => passphrase : passphrase,
  };
  const record = deps.inventory.get(request.onboardingId);
  const profile = deps.inventory.profileOf(record);
  const signedName =
    profile.clientCertificate.mode === 'csr'
      ? 'THALES_SIGNED_CLIENT_CERTIFICATE'
      : 'CUSTOMER_TLS_CLIENT_CERTIFICATE';
  if (request.as === 'identity')
    return importIdentity(
      deps,
      request,
      record,
      profile,
      await analyseInput(request.data, request.source, request.passphrase, request.signal),
    );
  if (request.as === 'signed-certificate' || request.as === signedName) {
    return importSignedCertificate(
      deps,
      request,
      record,
      profile,
      await analyseInput(request.data, request.source, request.passphrase, request.signal),
    );
  }
  if (!(ASSET_NAMES as readonly string[]).includes(request.as)) {
    throw unknownAsset(
      profile,
      request.as,
      `"${request.as}" is not an asset of ${profile.displayName}: choose identity, signed-certificate or one of ${profile.assets.map((a) => a.name).join(', ')}`,
      { field: 'as' },
    );
  }
  const asset = request.as as AssetName;
  const check = await checkAsset(
    deps,
    profile,
    record.environment,
    asset,
    request.data,
    request.source,
    { signal: request.signal, onboardingId: record.id },
  );
  const leafAsCa = check.findings.find((f) => f.id === 'client-ca-is-leaf');
  if (leafAsCa)
    throw refusedImport('bad-input', request.source, leafAsCa, { findings: [leafAsCa] });
  const stored: AssetRecord = {
    name: asset,
    importedAt: deps.clock.now().toISOString(),
    source: request.source,
    certificates: check.certificates,
    host: check.host,
    findings: check.findings,
  };
  deps.inventory.setAsset(record.id, stored);
  deps.audit.append('asset.imported', {
    onboarding: record.id,
    asset,
    certificates: check.certificates.length,
    leafSha256: check.certificates[0]?.sha256Fingerprint ?? null,
    host: check.host?.host ?? null,
  });
  return {
    onboardingId: record.id,
    as: asset,
    stored: check.host
      ? `${asset} ${check.host.host}${check.host.port ? `:${check.host.port}` : ''}${check.host.basePath}`
      : `${asset}: ${check.certificates.length} certificate(s), leaf first`,
    certificates: summaries(check.certificates),
    findings: check.findings,
    clientCaInChain: check.clientCaInChain ?? null,
  };
}
