// The portal asset bundle of one onboarding: the files the customer hands to Thales, each named
// after its asset, a manifest.json (hashes, fingerprints, validity) and a CHECKLIST.md. Never a
// private key. Refused, with the reasons, while any lint error remains. Identical inputs give a
// byte-identical zip: fixed timestamps, sorted names, a createdAt taken from the inputs. The
// checklist is in English or Japanese (bundle-checklist.ts); the same inputs and language, the
// same bytes.
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import packageJson from '../../package.json' with { type: 'json' };
import { formatName } from '../../shared/artifact-facts.js';
import { hasErrors, sortFindings, type Finding } from '../../shared/findings.js';
import type { Need } from '../../shared/needs.js';
import type { AssetName, ProgramProfile } from '../../shared/programs/schema.js';
import { OAUTH_BUNDLE_FILES, OAUTH_PUBLIC_KEY_ASSET } from '../../shared/oauth.js';
import { lintClientCertificateFacts, lintCsrFacts } from '../../shared/rules/client-identity.js';
import type { LintContext } from '../../shared/rules/context.js';
import { commonNameLayoutStatus } from '../../shared/rules/subject.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { stepLabel, stepOfAsset, type WizardStepId } from '../../shared/wizard-steps.js';
import { UserError } from './errors.js';
import { certificateFacts, csrFacts } from './facts.js';
import { fsyncDirectory, sameBytes, writeFileAtomic } from './files.js';
import { checkAsset } from './import.js';
import {
  currentIdentity,
  currentOAuthKey,
  type CertificateRecord,
  type Inventory,
  type OnboardingRecord,
} from './inventory.js';
import { x509 } from './x509-provider.js';
import { checklist, type ChecklistLanguage } from './bundle-checklist.js';
import {
  CLIENT_CA_FILE,
  DEFAULT_CONFIG_DIR,
  renderServerConfig,
  SERVER_CHAIN_FILE,
  SERVER_KINDS,
  serverFilesOf,
} from './server-config.js';

export interface BundleDeps {
  inventory: Inventory;
  audit: AuditLog;
  clock: Clock;
  expiringSoonDays: () => number;
  /** The CN layout Thales confirmed for a program, when the user saved one. */
  confirmedCommonNameLayout?: (program: string) => string | undefined;
}

/** A file's asset: a profile asset, or the public part of the D1 OAuth signing key. */
export type BundleAsset = AssetName | typeof OAUTH_PUBLIC_KEY_ASSET;

export interface BundleFile {
  name: string;
  asset: BundleAsset | null;
  sha256: string;
  bytes: number;
  certificates?: Array<{
    subject: string;
    issuer: string;
    sha256Fingerprint: string;
    notBefore: string;
    notAfter: string;
  }>;
  csr?: { subject: string; publicKeySha256: string };
  /** The OAuth public key files: what Thales provisions in D1 for client assertions. */
  oauth?: { kid: string; thumbprint: string; alg: 'ES256'; publicKeySha256: string };
}

const BUNDLE_FORMAT = 'mtls-desk-portal-bundle';

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  onboarding: string;
  program: string;
  programName: string;
  environment: string;
  environmentName: string;
  identifier: string;
  commonName: string;
  /** D1: whether the CN layout is the one confirmed with Thales; null for an exact CN from the portal. */
  commonNameLayout: 'confirmed' | 'unconfirmed' | null;
  keyAlgorithm: string;
  /** When the newest input in the bundle was made or imported (so identical inputs give identical bytes). */
  createdAt: string;
  appVersion: string;
  /**
   * A partial bundle holds what exists so far, to send ahead (a D1 CSR weeks before the server
   * chain exists); it is marked so here, in its CHECKLIST.md and in its file name, and says what
   * the complete bundle still needs. A complete bundle is false.
   */
  partial: boolean;
  /** Partial bundles only: each asset left out, why, and the wizard step that completes it. */
  stillNeeded?: StillNeeded[];
  files: BundleFile[];
}

/** An asset a partial bundle leaves out: not made or imported yet, or failing a check. */
export interface StillNeeded {
  asset: string;
  why: 'missing' | 'has-errors';
  step: WizardStepId;
  /** has-errors: the errors, in one line. */
  problem?: string;
}

export interface BundleResult {
  out: string;
  format: 'zip' | 'folder';
  files: string[];
  sha256: string | null;
  manifest: BundleManifest;
}

/** Zip entries carry this local time, whatever the time zone: DOS timestamps have none. */
const FIXED_ZIP_TIME = new Date(2000, 0, 1, 0, 0, 0);

interface Content {
  name: string;
  asset: BundleAsset | null;
  data: Buffer;
  meta: Pick<BundleFile, 'certificates' | 'csr' | 'oauth'>;
}

const sha256 = (data: Buffer | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');

function certificateMeta(records: CertificateRecord[]): BundleFile['certificates'] {
  return records.map(({ subject, issuer, sha256Fingerprint, notBefore, notAfter }) => ({
    subject,
    issuer,
    sha256Fingerprint,
    notBefore,
    notAfter,
  }));
}

/** Findings about one asset say so in their details (the app names the wizard step from it). */
function aboutAsset(findings: Finding[], asset: string): Finding[] {
  return findings.map((f) => ({ ...f, details: { ...f.details, asset } }));
}

/** One asset's file for the bundle, with its findings and when its input was made; or what it needs. */
type Collected =
  { content: Content; findings: Finding[]; inputTime: string } | { missing: Need } | null;

/**
 * The files and the lint findings; throws when a required file is missing. A partial bundle
 * instead leaves out what is missing or fails a check, and lists it in `stillNeeded`.
 */
async function collect(
  deps: BundleDeps,
  record: OnboardingRecord,
  profile: ProgramProfile,
  partial: boolean,
): Promise<{
  contents: Content[];
  findings: Finding[];
  inputTimes: string[];
  stillNeeded: StillNeeded[];
}> {
  const identity = currentIdentity(record);
  const missing: { asset: string; need: Need }[] = [];
  const contents: Content[] = [];
  const findings: Finding[] = [];
  const inputTimes: string[] = [];
  const stillNeeded: StillNeeded[] = [];
  const ctx: LintContext = {
    profile,
    environmentId: record.environment,
    now: deps.clock.now(),
    identifier: record.identifier,
    expiringSoonDays: deps.expiringSoonDays(),
    expectedCommonName: profile.commonName.kind === 'exact' ? identity?.commonName : undefined,
    commonNameTemplate: identity?.commonNameTemplate ?? undefined,
    confirmedCommonNameTemplate: deps.confirmedCommonNameLayout?.(profile.id),
  };
  for (const asset of profile.assets.filter((a) => a.direction === 'to-thales')) {
    const collected =
      asset.name === 'CUSTOMER_TLS_CLIENT_CERTIFICATE' || asset.name === 'CUSTOMER_CSR'
        ? await identityFile(asset.name, identity, ctx)
        : await storedFile(deps, record, profile, asset);
    if (collected === null) continue;
    if ('missing' in collected) {
      missing.push({ asset: asset.name, need: collected.missing });
      stillNeeded.push({
        asset: asset.name,
        why: 'missing',
        step: stepOfAsset(profile, asset.name),
      });
      continue;
    }
    if (partial && hasErrors(collected.findings)) {
      stillNeeded.push({
        asset: asset.name,
        why: 'has-errors',
        step: stepOfAsset(profile, asset.name),
        problem: collected.findings
          .filter((f) => f.severity === 'error')
          .map((f) => f.message)
          .join('; '),
      });
      continue;
    }
    contents.push(collected.content);
    findings.push(...aboutAsset(collected.findings, asset.name));
    inputTimes.push(collected.inputTime);
  }
  // D1 OAuth 2.0: the public part of the signing key. Optional here: the checklist says when it is missing.
  const oauthKey = profile.oauth ? currentOAuthKey(record) : null;
  if (oauthKey) {
    contents.push(...oauthFiles(oauthKey));
    inputTimes.push(oauthKey.createdAt);
  }
  if (missing.length > 0 && !partial) throw missingRefusal(record, missing);
  return { contents, findings: sortFindings(findings), inputTimes, stillNeeded };
}

/** The client certificate (self-signed programs) or the CSR (CA-signed ones), linted as Thales will. */
async function identityFile(
  name: 'CUSTOMER_TLS_CLIENT_CERTIFICATE' | 'CUSTOMER_CSR',
  identity: ReturnType<typeof currentIdentity>,
  ctx: LintContext,
): Promise<Collected> {
  if (name === 'CUSTOMER_TLS_CLIENT_CERTIFICATE') {
    if (!identity?.certificate) return { missing: 'make-identity' };
    const facts = certificateFacts(
      new x509.X509Certificate(identity.certificate.pem),
      `${name}.pem`,
    );
    return {
      content: {
        name: `${name}.pem`,
        asset: name,
        data: Buffer.from(identity.certificate.pem),
        meta: { certificates: certificateMeta([identity.certificate]) },
      },
      findings: lintClientCertificateFacts(facts, ctx),
      inputTime: identity.createdAt,
    };
  }
  if (!identity?.csr)
    // A key imported with the certificate the Thales CA signed: no CSR to hand over.
    return identity?.imported && identity.certificate ? null : { missing: 'make-identity' };
  const facts = await csrFacts(new x509.Pkcs10CertificateRequest(identity.csr.pem), `${name}.pem`);
  return {
    content: {
      name: `${name}.pem`,
      asset: name,
      data: Buffer.from(identity.csr.pem),
      meta: {
        csr: { subject: formatName(facts.subject), publicKeySha256: facts.publicKeySha256 },
      },
    },
    findings: lintCsrFacts(facts, ctx),
    inputTime: identity.csr.createdAt,
  };
}

/** An imported asset (a certificate chain, or a host), checked again as when it was imported. */
async function storedFile(
  deps: BundleDeps,
  record: OnboardingRecord,
  profile: ProgramProfile,
  asset: ProgramProfile['assets'][number],
): Promise<Collected> {
  const stored = record.assets[asset.name];
  if (!stored) {
    if (!asset.required) return null;
    return {
      missing:
        asset.name === 'THALES_SIGNED_CLIENT_CERTIFICATE'
          ? 'import-signed-certificate'
          : 'import-asset',
    };
  }
  const host = stored.host;
  const text = host ? `${host.host}${host.port ? `:${host.port}` : ''}${host.basePath}` : null;
  const pem = stored.certificates.map((c) => c.pem).join('');
  const checked = await checkAsset(
    deps,
    profile,
    record.environment,
    asset.name,
    text ?? pem,
    text !== null ? asset.name : `${asset.name}.pem`,
  );
  return {
    content:
      text !== null
        ? { name: `${asset.name}.txt`, asset: asset.name, data: Buffer.from(`${text}\n`), meta: {} }
        : {
            name: `${asset.name}.pem`,
            asset: asset.name,
            data: Buffer.from(pem),
            meta: { certificates: certificateMeta(stored.certificates) },
          },
    findings: checked.findings,
    inputTime: stored.importedAt,
  };
}

/** The JWK Thales provisions, the PEM public key and a self-signed certificate over it. */
function oauthFiles(oauthKey: NonNullable<ReturnType<typeof currentOAuthKey>>): Content[] {
  const oauth = {
    kid: oauthKey.kid,
    thumbprint: oauthKey.thumbprint,
    alg: 'ES256' as const,
    publicKeySha256: oauthKey.publicKeySha256,
  };
  const certificate = certificateFacts(
    new x509.X509Certificate(oauthKey.certificatePem),
    OAUTH_BUNDLE_FILES.certificate,
  );
  return [
    {
      name: OAUTH_BUNDLE_FILES.jwk,
      asset: OAUTH_PUBLIC_KEY_ASSET,
      data: Buffer.from(JSON.stringify(oauthKey.jwk, null, 2) + '\n'),
      meta: { oauth },
    },
    {
      name: OAUTH_BUNDLE_FILES.pem,
      asset: OAUTH_PUBLIC_KEY_ASSET,
      data: Buffer.from(oauthKey.publicKeyPem),
      meta: { oauth },
    },
    {
      name: OAUTH_BUNDLE_FILES.certificate,
      asset: OAUTH_PUBLIC_KEY_ASSET,
      data: Buffer.from(oauthKey.certificatePem),
      meta: {
        oauth,
        certificates: [
          {
            subject: formatName(certificate.subject),
            issuer: formatName(certificate.issuer),
            sha256Fingerprint: certificate.sha256Fingerprint,
            notBefore: certificate.notBefore,
            notAfter: certificate.notAfter,
          },
        ],
      },
    },
  ];
}

function missingRefusal(record: OnboardingRecord, missing: { asset: string; need: Need }[]) {
  return new UserError(
    'not-compliant',
    `the bundle for ${record.id} is refused: it still needs ${missing.map((m) => m.asset).join(', ')}`,
    {
      onboardingId: record.id,
      assets: missing.map((m) => m.asset),
      findings: missing.map((m) => ({
        id: 'asset-missing',
        severity: 'error',
        message: `${m.asset} is missing`,
        fix: `${m.need === 'make-identity' ? 'make' : 'import'} it, then build the bundle again`,
        details: { need: m.need, asset: m.asset, onboardingId: record.id },
        params: { asset: m.asset, action: m.need === 'make-identity' ? 'make' : 'import' },
      })),
    },
    {
      id: 'bundle.refused-missing',
      params: { onboarding: record.id, assets: missing.map((m) => m.asset).join(', ') },
    },
  );
}

/** Where the bundled server configurations expect the server key: a path to edit, never a key. */
const BUNDLED_SERVER_KEY_PATH = '/etc/ssl/private/thales-mtls-server.key';

/**
 * The nginx, Apache and HAProxy configurations for Thales -> your server, once the server chain and
 * the Thales Client CA are known: for the customer's own server, not for Thales (no asset name).
 */
function serverConfigContents(record: OnboardingRecord, profile: ProgramProfile): Content[] {
  if (!record.assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN || !record.assets.THALES_CLIENT_CA)
    return [];
  const files = serverFilesOf(record, profile);
  const dir = `${DEFAULT_CONFIG_DIR}/${record.id.replaceAll('/', '_')}`;
  const env = profile.environments.find((e) => e.id === record.environment);
  return SERVER_KINDS.map((server) => {
    const config = renderServerConfig({
      server,
      serverName: files.serverName,
      basePath: files.basePath,
      port: profile.outbound.ports[0] ?? 443,
      serverChainPath: `${dir}/${SERVER_CHAIN_FILE}`,
      serverKeyPath: BUNDLED_SERVER_KEY_PATH,
      clientCaPath: `${dir}/${CLIENT_CA_FILE}`,
      clientCaCertificates: record.assets.THALES_CLIENT_CA!.certificates.length,
      title: `mTLS Desk: Thales -> your server for ${profile.displayName}, ${env?.displayName ?? record.environment}, ${record.identifier}. The chain and CA files below are saved with this configuration from mTLS Desk, onboarding ${record.id}, ${stepLabel(profile, 'server')}.`,
    });
    return { name: config.fileName, asset: null, data: Buffer.from(config.text), meta: {} };
  });
}

/** The bundle refused while lint errors remain: each one's sentence, and the first as data. */
function lintRefusal(onboardingId: string, findings: Finding[]): UserError {
  const errors = findings.filter((f) => f.severity === 'error');
  return new UserError(
    'not-compliant',
    `the bundle for ${onboardingId} is refused while lint errors remain: ${errors.map((f) => `${f.artifact ? `${f.artifact}: ` : ''}${f.message}`).join('; ')}`,
    { findings: errors },
    {
      id: 'bundle.lint-errors',
      params: { count: errors.length },
      findingParams: { problem: { id: errors[0].id, params: errors[0].params } },
    },
  );
}

/** Builds the files of the bundle in memory: lint first, then manifest and checklist. */
async function prepareBundle(
  deps: BundleDeps,
  onboardingId: string,
  partial: boolean,
  language: ChecklistLanguage,
): Promise<{ files: Map<string, Buffer>; manifest: BundleManifest; findings: Finding[] }> {
  const record = deps.inventory.get(onboardingId);
  const profile = deps.inventory.profileOf(record);
  const identity = currentIdentity(record);
  const { contents, findings, inputTimes, stillNeeded } = await collect(
    deps,
    record,
    profile,
    partial,
  );
  if (partial && contents.length === 0)
    throw new UserError(
      'not-found',
      `there is nothing to put in a partial bundle for ${record.id} yet: make the client identity first (${stepLabel(profile, 'identity')})`,
      {},
      { id: 'bundle.nothing-yet' },
    );
  if (hasErrors(findings)) throw lintRefusal(record.id, findings);
  const environment = profile.environments.find((e) => e.id === record.environment)!;
  // The server configurations name the server chain: only beside a chain the bundle holds.
  if (contents.some((c) => c.asset === 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN'))
    contents.push(...serverConfigContents(record, profile));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: 1,
    onboarding: record.id,
    program: profile.id,
    programName: profile.displayName,
    environment: environment.id,
    environmentName: environment.displayName,
    identifier: record.identifier,
    commonName: identity?.commonName ?? '',
    commonNameLayout: commonNameLayoutStatus(findings),
    keyAlgorithm: identity ? (identity.algorithm ?? 'other') : 'none',
    createdAt: inputTimes.sort().at(-1) ?? record.createdAt,
    appVersion: packageJson.version,
    partial,
    ...(partial ? { stillNeeded } : {}),
    files: contents.map((c) => ({
      name: c.name,
      asset: c.asset,
      sha256: sha256(c.data),
      bytes: c.data.length,
      ...c.meta,
    })),
  };
  const files = new Map<string, Buffer>(contents.map((c) => [c.name, c.data]));
  files.set('CHECKLIST.md', Buffer.from(checklist(record, profile, manifest, language)));
  manifest.files.push({
    name: 'CHECKLIST.md',
    asset: null,
    sha256: sha256(files.get('CHECKLIST.md')!),
    bytes: files.get('CHECKLIST.md')!.length,
  });
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
  for (const [name, data] of files) {
    // The last guard: whatever happened above, no private key leaves in a bundle.
    if (/PRIVATE KEY/.test(data.toString('latin1')))
      throw new Error(
        `internal error: ${name} would carry a private key; the bundle was not written`,
      );
  }
  return { files, manifest, findings };
}

function zipBundle(files: Map<string, Buffer>): Buffer {
  const entries = Object.fromEntries(
    [...files.keys()]
      .sort()
      .map((name) => [
        name,
        [
          new Uint8Array(files.get(name)!),
          { mtime: FIXED_ZIP_TIME, level: 6, os: 3, attrs: 0o100644 << 16 },
        ] as const,
      ]),
  );
  return Buffer.from(zipSync(entries as Parameters<typeof zipSync>[0]));
}

function verifyFiles(read: (name: string) => Buffer | undefined, files: Map<string, Buffer>): void {
  for (const [name, data] of files) {
    const back = read(name);
    if (!back || !back.equals(data)) throw new Error(`${name} did not read back identical`);
  }
}

/** Writes the bundle as a .zip (when `out` ends with .zip) or a folder, then re-reads every file. */
export async function writeBundle(
  deps: BundleDeps,
  request: {
    onboardingId: string;
    out: string;
    overwrite?: boolean;
    partial?: boolean;
    /** CHECKLIST.md's language (English by default, as the CLI writes it). */
    language?: ChecklistLanguage;
  },
): Promise<BundleResult> {
  const partial = request.partial ?? false;
  // Nobody mistakes a partial bundle for the complete one: its name says so too.
  if (partial && !/partial/i.test(basename(request.out)))
    throw new UserError(
      'bad-input',
      `a partial bundle's name must say it is partial: put "partial" in ${basename(request.out)} (for example portal-bundle-PARTIAL.zip)`,
      { field: 'out' },
      { id: 'bundle.partial-name', params: { name: basename(request.out) } },
    );
  const { files, manifest } = await prepareBundle(
    deps,
    request.onboardingId,
    partial,
    request.language ?? 'en',
  );
  const names = [...files.keys()].sort();
  if (request.out.toLowerCase().endsWith('.zip')) {
    const zip = zipBundle(files);
    // Read back before anything is written; the temp file is then checked to hold these bytes
    // before it replaces a previous zip.
    try {
      const back = unzipSync(new Uint8Array(zip));
      verifyFiles((name) => (back[name] ? Buffer.from(back[name]) : undefined), files);
    } catch (error) {
      throw new UserError(
        'bad-input',
        `${request.out} was not written: the zip did not read back correctly (${(error as Error).message})`,
        {},
        { id: 'bundle.zip-unreadable', params: { path: request.out } },
      );
    }
    writeFileAtomic(request.out, zip, {
      overwrite: request.overwrite,
      mode: 0o644,
      verify: (temp) => sameBytes(temp, zip),
    });
    deps.audit.append(partial ? 'bundle.partial-created' : 'bundle.created', {
      onboarding: manifest.onboarding,
      file: request.out,
      sha256: sha256(zip),
      files: names.length,
    });
    return { out: request.out, format: 'zip', files: names, sha256: sha256(zip), manifest };
  }
  writeFolder(request.out, files, request.overwrite ?? false);
  deps.audit.append(partial ? 'bundle.partial-created' : 'bundle.created', {
    onboarding: manifest.onboarding,
    folder: request.out,
    manifestSha256: sha256(files.get('manifest.json')!),
    files: names.length,
  });
  return { out: request.out, format: 'folder', files: names, sha256: null, manifest };
}

/**
 * Why an existing folder may not be replaced, or null when it is a previous bundle holding only its
 * own files: --force replaces a bundle, never a folder of the user's that it was pointed at.
 */
function notAPreviousBundle(out: string, entries: string[]): string | null {
  let manifest: Partial<BundleManifest> | undefined;
  try {
    manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  } catch {
    // no manifest, or not JSON
  }
  if (manifest?.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files))
    return 'it is not a bundle folder made by mTLS Desk (no manifest.json of a bundle)';
  const own = new Set(['manifest.json', ...manifest.files.map((f) => f.name)]);
  const foreign = entries.filter((name) => !own.has(name));
  return foreign.length > 0
    ? `it holds files that are not part of the bundle (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''})`
    : null;
}

/** The folder appears whole or not at all: built beside the target, then renamed into place. */
function writeFolder(out: string, files: Map<string, Buffer>, overwrite: boolean): void {
  const parent = dirname(out);
  const exists = existsSync(out);
  if (exists && !statSync(out).isDirectory())
    throw new UserError(
      'file-exists',
      `${out} exists and is not a folder: choose another name`,
      {},
      { id: 'bundle.not-a-folder', params: { path: out } },
    );
  const entries = exists ? readdirSync(out) : [];
  if (entries.length > 0 && !overwrite)
    throw new UserError(
      'file-exists',
      `${out} already exists and is not empty: choose another name, or allow replacing it`,
      { need: 'overwrite' },
      { id: 'bundle.folder-not-empty', params: { path: out } },
    );
  const refusal = entries.length > 0 ? notAPreviousBundle(out, entries) : null;
  if (refusal)
    throw new UserError(
      'file-exists',
      `${out} was not replaced, even when replacing is allowed, because ${refusal}: choose another name or an empty folder`,
      {},
      { id: 'bundle.folder-not-replaced', params: { path: out } },
    );
  const temp = join(parent, `.${basename(out)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    mkdirSync(temp, { mode: 0o755 });
    for (const [name, data] of files) writeFileAtomic(join(temp, name), data, { mode: 0o644 });
    verifyFiles((name) => readFileSync(join(temp, name)), files);
    if (exists) {
      const old = `${temp}.old`;
      renameSync(out, old);
      try {
        renameSync(temp, out);
      } catch (error) {
        // The previous bundle goes back where it was: a failed replace loses nothing.
        renameSync(old, out);
        throw error;
      }
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, out);
    }
    fsyncDirectory(parent);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (error instanceof UserError) throw error;
    throw new UserError(
      'unreadable-input',
      `cannot write the bundle folder ${out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was left behind`,
      {},
      {
        id: 'bundle.folder-not-written',
        params: { path: out, code: (error as NodeJS.ErrnoException).code ?? 'none' },
      },
    );
  }
}
