// Builds the client identity a program asks for: a self-signed certificate (TSH, TMG) or a CSR for
// the Thales CA (D1). Inputs are checked by the shared subject rules first, and the artifact is
// linted before it is returned: nothing that lints with an error leaves this module.
import { createHash, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { keyAlgorithmOf, type KeyAlgorithmId } from '../../shared/algorithms.js';
import type { CertificateFacts, CsrFacts } from '../../shared/artifact-facts.js';
import type { Finding } from '../../shared/findings.js';
import type { EnvironmentId, ProgramProfile } from '../../shared/programs/schema.js';
import { DEFAULT_EXPIRING_SOON_DAYS, type LintContext } from '../../shared/rules/context.js';
import { lintClientCertificateFacts, lintCsrFacts } from '../../shared/rules/client-identity.js';
import { lintKeyAlgorithm } from '../../shared/rules/key.js';
import { lintSubject } from '../../shared/rules/subject.js';
import { identifierProblem, identifierProblemText } from '../../shared/identifier.js';
import { buildCommonName, SUBJECT_ORDER, type Subject } from '../../shared/subject.js';
import { UserError } from './errors.js';
import { children, readNode } from './export/der-reader.js';
import { checkEarly, type EarlyCheck } from './signature-check.js';
import {
  certificateFactsOffThread,
  csrFacts,
  describeKeyObject,
  rememberPublicKey,
} from './facts.js';
import { asBytes, x509 } from './x509-provider.js';

const CLOCK_SKEW_MS = 5 * 60_000;

interface Known {
  spki: Buffer;
  publicKeyObject: KeyObject;
  publicKey: x509.PublicKey;
  /** The certificate extensions for this key, made once. */
  extensions?: x509.Extension[];
}

interface WebCryptoPair {
  keys: CryptoKeyPair;
  signingAlgorithm: Algorithm | EcdsaParams;
  /** The WebCrypto that signs: Node's, or the token's (PKCS#11). */
  crypto: Crypto;
  /** For a key held here: its public key, as SPKI bytes, as Node's and as the library's object. */
  known?: Known;
}

/** A key that signs elsewhere (a PKCS#11 token): its public key and a WebCrypto that holds it. */
export interface ExternalSigner {
  publicKey: KeyObject;
  keys: CryptoKeyPair;
  crypto: Crypto;
}

export type SigningKey = KeyObject | ExternalSigner;

function isExternal(key: SigningKey): key is ExternalSigner {
  return 'keys' in key && 'crypto' in key;
}

/** What lint and the extensions read: the key's public half. */
function describedKey(key: SigningKey): KeyObject {
  return isExternal(key) ? key.publicKey : key;
}

/**
 * Each private key's WebCrypto import, kept while the KeyObject lives: importing a key costs more
 * than building a CSR with it, and a bare @peculiar/x509 caller imports it once too.
 */
const imported = new WeakMap<KeyObject, Promise<WebCryptoPair>>();

function toWebCrypto(key: SigningKey): Promise<WebCryptoPair> {
  if (isExternal(key)) return importWebCrypto(key);
  let pair = imported.get(key);
  if (!pair) {
    pair = importWebCrypto(key);
    imported.set(key, pair);
    pair.catch(() => imported.delete(key));
  }
  return pair;
}

async function importWebCrypto(key: SigningKey): Promise<WebCryptoPair> {
  if (isExternal(key)) {
    const description = describeKeyObject(key.publicKey);
    return {
      keys: key.keys,
      crypto: key.crypto,
      signingAlgorithm:
        description.type === 'ec'
          ? { name: 'ECDSA', hash: 'SHA-256' }
          : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    };
  }
  const privateKey = key;
  const subtle = webcrypto.subtle;
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The lint gate reads this key back from the artifact: it is known already.
  rememberPublicKey(publicKey, spki);
  const description = describeKeyObject(privateKey);
  const importParams =
    description.type === 'ec'
      ? { name: 'ECDSA', namedCurve: description.curve }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const keys = {
    privateKey: await subtle.importKey('pkcs8', pkcs8, importParams, false, ['sign']),
    publicKey: await subtle.importKey('spki', spki, importParams, true, ['verify']),
  } as CryptoKeyPair;
  pkcs8.fill(0);
  const crypto = webcrypto as unknown as Crypto;
  return {
    keys,
    crypto,
    signingAlgorithm:
      description.type === 'ec'
        ? { name: 'ECDSA', hash: 'SHA-256' }
        : { name: 'RSASSA-PKCS1-v1_5' },
    known: { spki, publicKeyObject: publicKey, publicKey: new x509.PublicKey(asBytes(spki)) },
  };
}

function copyOf(data: BufferSource): Buffer {
  return ArrayBuffer.isView(data)
    ? Buffer.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    : Buffer.from(new Uint8Array(data));
}

/** Forwards every property of `target` (methods bound to it) but those in `own`. */
function overriding<T extends object>(target: T, own: Record<string, unknown>): T {
  return new Proxy(target, {
    get: (object, property) => {
      if (typeof property === 'string' && property in own) return own[property];
      const value: unknown = Reflect.get(object, property);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
}

/**
 * The WebCrypto for one build with a key held here: the library's export of the public key is
 * answered from the bytes known (the CSR generator asks on every request), and the signature it
 * asks for is checked on libuv's pool as soon as it is made, while the library assembles the
 * artifact; the lint gate takes that answer only for the very bytes the artifact carries
 * (signature-check.ts).
 */
function buildingCrypto(pair: WebCryptoPair): {
  crypto: Crypto;
  early: () => EarlyCheck | undefined;
} {
  const { known } = pair;
  if (!known) return { crypto: pair.crypto, early: () => undefined };
  const subtle = pair.crypto.subtle;
  let early: EarlyCheck | undefined;
  const knowing = overriding(subtle, {
    exportKey: (format: KeyFormat, key: CryptoKey) =>
      format === 'spki' && key === pair.keys.publicKey
        ? Promise.resolve(asBytes(known.spki).buffer)
        : subtle.exportKey(format, key),
    sign: async (algorithm: AlgorithmIdentifier, key: CryptoKey, data: BufferSource) => {
      const signature = await subtle.sign(algorithm, key, data);
      if (key === pair.keys.privateKey)
        early = checkEarly(
          copyOf(data),
          copyOf(signature),
          'sha256',
          known.publicKeyObject,
          known.spki,
        );
      return signature;
    },
  });
  return { crypto: overriding(pair.crypto, { subtle: knowing }), early: () => early };
}

/** The key identifier of RFC 5280 4.2.1.2 (1): SHA-1 of the subjectPublicKey bits, as hex. */
function keyIdentifierOf(spki: ArrayBuffer): string {
  const [, bits] = children(readNode(Buffer.from(spki)));
  return createHash('sha1').update(bits.content.subarray(1)).digest('hex');
}

/** A client certificate's extensions: not a CA, digital signature (and key encipherment for RSA), client authentication, and the key identifiers. */
async function certificateExtensions(
  pair: WebCryptoPair,
  isRsa: boolean,
): Promise<x509.Extension[]> {
  if (pair.known?.extensions) return pair.known.extensions;
  const ski = pair.known
    ? new x509.SubjectKeyIdentifierExtension(keyIdentifierOf(pair.known.publicKey.rawData))
    : await x509.SubjectKeyIdentifierExtension.create(pair.keys.publicKey, false, pair.crypto);
  const extensions = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | (isRsa ? x509.KeyUsageFlags.keyEncipherment : 0),
      true,
    ),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ski,
    new x509.AuthorityKeyIdentifierExtension(ski.keyId),
  ];
  if (pair.known) pair.known.extensions = extensions;
  return extensions;
}

/** The subject in OpenSSL's order and string types (PrintableString for C, UTF8String for the rest). */
function x509Name(subject: Subject): x509.Name {
  return new x509.Name(
    SUBJECT_ORDER.filter((field) => subject[field] !== undefined).map((field) => ({
      [field]: [
        field === 'C' ? { printableString: subject[field]! } : { utf8String: subject[field]! },
      ],
    })),
  );
}

function lintContextFor(
  profile: ProgramProfile,
  environmentId: EnvironmentId,
  now: Date,
  extra: Partial<LintContext>,
): LintContext {
  return { profile, environmentId, now, expiringSoonDays: DEFAULT_EXPIRING_SOON_DAYS, ...extra };
}

function refuseOnErrors(findings: Finding[], what: string): void {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  const first = errors[0];
  throw new UserError(
    'bad-input',
    `${what}: ${first.message.replace(/\.$/, '')}; ${first.fix}`,
    {
      findings: errors,
      ...(first.details?.field !== undefined ? { field: first.details.field } : {}),
    },
    { id: 'identity.refused', findingParams: { problem: { id: first.id, params: first.params } } },
  );
}

function checkKey(key: SigningKey, ctx: LintContext): KeyAlgorithmId | null {
  const publicHalf = describedKey(key);
  refuseOnErrors(lintKeyAlgorithm(describeKeyObject(publicHalf), ctx), 'this key cannot be used');
  return keyAlgorithmOf(describeKeyObject(publicHalf));
}

export interface SelfSignedRequest {
  profile: ProgramProfile;
  environmentId: EnvironmentId;
  /** Exactly as the portal shows it for this environment. */
  commonName: string;
  /** Optional other subject fields (C, ST, L, O, OU). */
  subject?: Subject;
  /** A private key, or a signer on a token. */
  privateKey: SigningKey;
  /** Defaults to, and may never exceed, the program's maximum. */
  days?: number;
  now?: Date;
}

/** A certificate or CSR as made, with its facts and what lint said (no errors). */
export interface LintedArtifact<F> {
  pem: string;
  facts: F;
  /** What lint says about it (no errors; warnings and information only). */
  findings: Finding[];
}

export async function createSelfSignedCertificate(
  request: SelfSignedRequest,
): Promise<LintedArtifact<CertificateFacts>> {
  const { profile, environmentId } = request;
  const now = request.now ?? new Date();
  if (profile.clientCertificate.mode !== 'self-signed') {
    throw new UserError(
      'bad-input',
      `${profile.displayName} does not use a self-signed client certificate: make a CSR for the Thales CA instead`,
      { need: 'make-csr' },
      { id: 'identity.csr-program', params: { program: profile.displayName } },
    );
  }
  const maxDays = profile.clientCertificate.maxValidityDays;
  const days = request.days ?? maxDays;
  if (!Number.isInteger(days) || days < 1 || days > maxDays) {
    throw new UserError(
      'bad-input',
      `a validity of ${days} days is not allowed: ${profile.displayName} accepts 1 to ${maxDays} days`,
      {},
      { id: 'identity.validity', params: { days, program: profile.displayName, max: maxDays } },
    );
  }
  const ctx = lintContextFor(profile, environmentId, now, {
    expectedCommonName: request.commonName,
  });
  const subject: Subject = { ...request.subject, CN: request.commonName };
  const algorithm = checkKey(request.privateKey, ctx);
  refuseOnErrors(lintSubject(subject, ctx, algorithm), 'the subject is not valid');

  const pair = await toWebCrypto(request.privateKey);
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and a full 16 bytes so no DER padding is needed
  const isRsa = describeKeyObject(describedKey(request.privateKey)).type === 'rsa';
  const name = x509Name(subject);
  // What createSelfSigned does, with the public key given as the bytes known rather than exported again.
  const building = buildingCrypto(pair);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial.toString('hex'),
      subject: name,
      issuer: name,
      notBefore,
      notAfter,
      signingAlgorithm: pair.signingAlgorithm,
      publicKey: pair.known?.publicKey ?? pair.keys.publicKey,
      signingKey: pair.keys.privateKey,
      extensions: await certificateExtensions(pair, isRsa),
    },
    building.crypto,
  );
  const facts = await certificateFactsOffThread(certificate, 'certificate', {
    early: building.early(),
  });
  const findings = lintClientCertificateFacts(facts, ctx);
  refuseOnErrors(findings, 'internal check refused the certificate');
  return { pem: certificate.toString('pem') + '\n', facts, findings };
}

export interface CsrRequest {
  profile: ProgramProfile;
  environmentId: EnvironmentId;
  identifier: string;
  /** C, ST, L, O, OU; a CN here replaces the one built from the template. */
  subject: Subject;
  /** An edited CN template (the D1 layout after the slash is not fully published). */
  commonNameTemplate?: string;
  /** The layout Thales confirmed for the program, when the user saved one: then it is the check. */
  confirmedCommonNameTemplate?: string;
  /** A private key, or a signer on a token. */
  privateKey: SigningKey;
  now?: Date;
}

export async function createCsr(
  request: CsrRequest,
): Promise<LintedArtifact<CsrFacts> & { commonName: string }> {
  const { profile, environmentId } = request;
  const now = request.now ?? new Date();
  if (profile.clientCertificate.mode !== 'csr') {
    throw new UserError(
      'bad-input',
      `${profile.displayName} uses a self-signed client certificate, not a CSR: make a self-signed certificate instead`,
      { need: 'make-self-signed' },
      { id: 'identity.self-signed-program', params: { program: profile.displayName } },
    );
  }
  const problem = identifierProblem(profile, request.identifier);
  if (problem)
    throw new UserError(
      'bad-input',
      problem,
      {},
      identifierProblemText(profile, request.identifier),
    );
  const exact = profile.commonName.kind === 'exact';
  if (exact && !request.subject.CN)
    throw new UserError(
      'bad-input',
      `${profile.displayName} needs the exact Common Name: ${profile.commonName.kind === 'exact' ? profile.commonName.source : ''}; give it as CN= in the subject, or as the Common Name`,
      { need: 'common-name', field: 'cn' },
      { id: 'identity.cn-needed', params: { program: profile.displayName } },
    );
  const ctx = lintContextFor(profile, environmentId, now, {
    identifier: request.identifier,
    commonNameTemplate: request.commonNameTemplate,
    confirmedCommonNameTemplate: request.confirmedCommonNameTemplate,
    expectedCommonName: exact ? request.subject.CN : undefined,
  });
  const algorithm = checkKey(request.privateKey, ctx);
  const commonName =
    request.subject.CN ??
    buildCommonName({
      profile,
      environmentId,
      identifier: request.identifier,
      keyAlgorithm: algorithm!,
      template: request.commonNameTemplate ?? request.confirmedCommonNameTemplate,
    })!;
  const subject: Subject = { ...request.subject, CN: commonName };
  refuseOnErrors(lintSubject(subject, ctx, algorithm), 'the subject is not valid');

  const pair = await toWebCrypto(request.privateKey);
  const building = buildingCrypto(pair);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name: x509Name(subject), keys: pair.keys, signingAlgorithm: pair.signingAlgorithm },
    building.crypto,
  );
  const facts = await csrFacts(csr, 'CSR', { early: building.early() });
  const findings = lintCsrFacts(facts, ctx);
  refuseOnErrors(findings, 'internal check refused the CSR');
  return { pem: csr.toString('pem') + '\n', facts, findings, commonName };
}
