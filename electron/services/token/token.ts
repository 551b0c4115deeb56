// Keys that never leave a PKCS#11 token (HSM, smartcard, SoftHSM): list a module's tokens, log in
// with the user PIN (never stored, never logged), generate a key pair on the token as sensitive
// and not extractable, sign through the token (node-webcrypto-p11, a WebCrypto over PKCS#11 that
// @peculiar/x509 takes as its crypto provider), and store certificates beside the key under the
// same CKA_ID. Each operation loads the module, opens one session and finalizes the module again,
// so a token pulled out (or deleted) between two operations is seen at the next one.
import {
  createHash,
  createPublicKey,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { KEY_ALGORITHMS, type KeyAlgorithmId } from '../../../shared/algorithms.js';
import {
  describeTokenFlags,
  formatPkcs11Uri,
  parsePkcs11Uri,
  Pkcs11UriError,
  TOKEN_FLAGS,
  tokenLockedMessage,
  wrongPinMessage,
  type Pkcs11Uri,
} from '../../../shared/pkcs11.js';
import { UserError } from '../errors.js';
import { asBytes, x509 } from '../x509-provider.js';
import {
  CK,
  native,
  type P11Module,
  type P11Object,
  type P11Session,
  type P11Slot,
  type Template,
} from './native.js';

export interface TokenInfo {
  /** The slot's position in the module's list of slots with a token. */
  slot: number;
  slotDescription: string;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  flags: number;
  flagWords: string[];
}

export interface ModuleInfo {
  module: string;
  library: string;
  manufacturer: string;
  tokens: TokenInfo[];
}

export interface TokenCertificate {
  label: string;
  subject: string;
  notAfter: string;
  sha256Fingerprint: string;
}

export interface TokenKey {
  /** RFC 7512; never carries the PIN. */
  uri: string;
  label: string;
  /** CKA_ID, hex. */
  id: string;
  algorithm: KeyAlgorithmId | null;
  publicKeySha256: string | null;
  sensitive: boolean;
  extractable: boolean;
  alwaysSensitive: boolean;
  neverExtractable: boolean;
  local: boolean;
  certificates: TokenCertificate[];
}

export interface TokenLogin {
  module: string;
  token: string;
  pin: string;
}

/** What signs on the token: the WebCrypto keys and provider @peculiar/x509 uses. */
export interface TokenSigner {
  uri: string;
  publicKey: KeyObject;
  keys: CryptoKeyPair;
  crypto: Crypto;
}

function trimmed(text: string): string {
  return text.replace(/[\s\0]+$/, '');
}

function checkModulePath(module: string): void {
  if (!module)
    throw new UserError(
      'bad-input',
      'no PKCS#11 module is configured: give the path of the module (a .so library), or set one in the settings',
      { need: 'token-module' },
      { id: 'token.no-module' },
    );
  if (!isAbsolute(module))
    throw new UserError(
      'bad-input',
      `the PKCS#11 module "${module}" is not an absolute path: give the full path of the module's library`,
      {},
      { id: 'token.module-not-absolute', params: { module } },
    );
  if (!existsSync(module))
    throw new UserError(
      'not-found',
      `the PKCS#11 module ${module} does not exist: install the token's software or give the right path of the module`,
      { need: 'token-module' },
      { id: 'token.module-missing', params: { module } },
    );
}

function codeOf(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  return /CKR_[A-Z_]+/.exec(message)?.[0] ?? message.split('\n')[0];
}

function openModule(module: string): P11Module {
  checkModulePath(module);
  const { graphene } = native();
  let loaded: P11Module;
  try {
    loaded = graphene.Module.load(module, 'module');
  } catch (error) {
    throw new UserError(
      'bad-input',
      `${module} cannot be loaded as a PKCS#11 module (${codeOf(error)}): give the path of the token's PKCS#11 library`,
      {},
      { id: 'token.module-not-loaded', params: { module, code: codeOf(error) } },
    );
  }
  try {
    loaded.initialize();
  } catch (error) {
    try {
      loaded.close();
    } catch {
      // already failing
    }
    throw new UserError(
      'bad-input',
      `the PKCS#11 module ${module} did not start (${codeOf(error)}): check its configuration (for SoftHSM, SOFTHSM2_CONF)`,
      {},
      { id: 'token.module-not-started', params: { module, code: codeOf(error) } },
    );
  }
  return loaded;
}

function closeModule(loaded: P11Module): void {
  try {
    loaded.finalize();
  } catch {
    // finalized already
  }
  try {
    loaded.close();
  } catch {
    // closed already
  }
}

function tokenInfo(slot: P11Slot, index: number): TokenInfo {
  const token = slot.getToken();
  return {
    slot: index,
    slotDescription: trimmed(slot.slotDescription),
    label: trimmed(token.label),
    manufacturer: trimmed(token.manufacturerID),
    model: trimmed(token.model),
    serial: trimmed(token.serialNumber),
    flags: token.flags,
    flagWords: describeTokenFlags(token.flags),
  };
}

function initializedTokens(loaded: P11Module): { slot: P11Slot; info: TokenInfo }[] {
  const slots = loaded.getSlots(true);
  const out: { slot: P11Slot; info: TokenInfo }[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    const info = tokenInfo(slot, i);
    if (info.flags & TOKEN_FLAGS.tokenInitialized) out.push({ slot, info });
  }
  return out;
}

export function listTokens(module: string): ModuleInfo {
  const loaded = openModule(module);
  try {
    return {
      module,
      library: trimmed(loaded.libraryDescription),
      manufacturer: trimmed(loaded.manufacturerID),
      tokens: initializedTokens(loaded).map((t) => t.info),
    };
  } finally {
    closeModule(loaded);
  }
}

function findToken(
  loaded: P11Module,
  module: string,
  label: string,
): { slot: P11Slot; info: TokenInfo } {
  const tokens = initializedTokens(loaded);
  const found = tokens.find((t) => t.info.label === label);
  if (!found)
    throw new UserError(
      'not-found',
      `no token labelled "${label}" is present in ${module} (${tokens.length ? `present: ${tokens.map((t) => `"${t.info.label}"`).join(', ')}` : 'no token is present'}): plug the token in or check the label`,
      {},
      {
        id: 'token.not-present',
        params: {
          token: label,
          module,
          count: tokens.length,
          present: tokens.map((t) => t.info.label).join(', '),
        },
      },
    );
  return found;
}

/** One logged-in read/write session on the token, closed (and the module finalized) afterwards. */
async function withSession<T>(
  login: TokenLogin,
  use: (session: P11Session, info: TokenInfo, slot: P11Slot) => Promise<T> | T,
): Promise<T> {
  const loaded = openModule(login.module);
  try {
    const { slot, info } = findToken(loaded, login.module, login.token);
    if (info.flags & TOKEN_FLAGS.userPinLocked)
      throw new UserError(
        'locked',
        tokenLockedMessage(info.label),
        {},
        { id: 'token.locked', params: { token: info.label } },
      );
    const session = slot.open(CK.CKF_SERIAL_SESSION | CK.CKF_RW_SESSION);
    try {
      try {
        session.login(login.pin, CK.USER);
      } catch (error) {
        const code = codeOf(error);
        if (code === 'CKR_USER_ALREADY_LOGGED_IN') {
          // another session of this process logged in: the token keeps one login per application
        } else if (code === 'CKR_PIN_INCORRECT' || code === 'CKR_PIN_LEN_RANGE') {
          const after = slot.getToken().flags;
          throw new UserError(
            'wrong-passphrase',
            wrongPinMessage(info.label, after),
            {},
            { id: 'token.wrong-pin', params: { token: info.label } },
          );
        } else if (code === 'CKR_PIN_LOCKED') {
          throw new UserError(
            'locked',
            tokenLockedMessage(info.label),
            {},
            { id: 'token.locked', params: { token: info.label } },
          );
        } else {
          throw new UserError(
            'bad-input',
            `token "${info.label}" refused the login (${code}): check the PIN and the token`,
            {},
            { id: 'token.login-refused', params: { token: info.label, code } },
          );
        }
      }
      return await use(session, info, slot);
    } finally {
      try {
        session.logout();
      } catch {
        // not logged in
      }
      try {
        session.close();
      } catch {
        // closed with the module
      }
    }
  } finally {
    closeModule(loaded);
  }
}

const CURVE_OIDS: Record<string, { der: string; curve: 'P-256' | 'P-384'; bytes: number }> = {
  'ec-p256': { der: '06082a8648ce3d030107', curve: 'P-256', bytes: 32 },
  'ec-p384': { der: '06052b81040022', curve: 'P-384', bytes: 48 },
};

const CKA_EC_PARAMS = 0x180;

function attr(object: P11Object, name: string | number): unknown {
  try {
    return object.getAttribute(name);
  } catch {
    return undefined;
  }
}

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

/** The public key as Node reads it, from the token's public key object. */
function publicKeyOf(
  object: P11Object,
): { key: KeyObject; algorithm: KeyAlgorithmId | null } | null {
  const keyType = attr(object, 'keyType');
  if (keyType === CK.CKK_EC) {
    const params = (attr(object, CKA_EC_PARAMS) as Buffer | undefined)?.toString('hex');
    const entry = Object.entries(CURVE_OIDS).find(([, c]) => c.der === params);
    let point = attr(object, 'pointEC') as Buffer | undefined;
    if (!entry || !point) return null;
    // CKA_EC_POINT is a DER OCTET STRING around the uncompressed point (some tokens give it raw).
    if (point[0] === 0x04 && point.length !== 1 + 2 * entry[1].bytes)
      point = point.subarray(point[1] & 0x80 ? 2 + (point[1] & 0x7f) : 2);
    const size = entry[1].bytes;
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: entry[1].curve,
        x: b64url(point.subarray(1, 1 + size)),
        y: b64url(point.subarray(1 + size)),
      },
      format: 'jwk',
    });
    return { key, algorithm: entry[0] as KeyAlgorithmId };
  }
  if (keyType === CK.CKK_RSA) {
    const modulus = attr(object, 'modulus') as Buffer | undefined;
    const exponent = attr(object, 'publicExponent') as Buffer | undefined;
    if (!modulus || !exponent) return null;
    const key = createPublicKey({
      key: { kty: 'RSA', n: b64url(modulus), e: b64url(exponent) },
      format: 'jwk',
    });
    const bits = key.asymmetricKeyDetails?.modulusLength;
    const algorithm = `rsa-${bits}` as KeyAlgorithmId;
    return { key, algorithm: KEY_ALGORITHMS[algorithm] ? algorithm : null };
  }
  return null;
}

function spkiSha256(key: KeyObject): string {
  return createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** CKA_SERIAL_NUMBER holds the DER INTEGER. */
function integerDer(magnitude: Buffer): Buffer {
  const body = magnitude[0] & 0x80 ? Buffer.concat([Buffer.from([0]), magnitude]) : magnitude;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

function find(session: P11Session, template: Template): P11Object[] {
  const collection = session.find(template);
  const out: P11Object[] = [];
  for (let i = 0; i < collection.length; i++) out.push(collection.items(i).toType());
  return out;
}

function certificateOf(object: P11Object): TokenCertificate | null {
  const value = attr(object, 'value') as Buffer | undefined;
  if (!value) return null;
  try {
    const certificate = new X509Certificate(value);
    return {
      label: String(attr(object, 'label') ?? ''),
      subject: certificate.subject.replace(/\n/g, ', '),
      notAfter: new Date(certificate.validTo).toISOString(),
      sha256Fingerprint: certificate.fingerprint256.replace(/:/g, '').toLowerCase(),
    };
  } catch {
    return null;
  }
}

function keyOf(session: P11Session, info: TokenInfo, privateKey: P11Object): TokenKey {
  const id = ((attr(privateKey, 'id') as Buffer | undefined) ?? Buffer.alloc(0)).toString('hex');
  const label = String(attr(privateKey, 'label') ?? '');
  const idTemplate: Template = id ? { id: Buffer.from(id, 'hex') } : { label };
  const publicObject = find(session, { class: CK.CKO_PUBLIC_KEY, ...idTemplate })[0];
  const certificates = find(session, { class: CK.CKO_CERTIFICATE, ...idTemplate })
    .map(certificateOf)
    .filter((c): c is TokenCertificate => c !== null);
  const publicKey = publicObject ? publicKeyOf(publicObject) : null;
  return {
    uri: formatPkcs11Uri({ token: info.label, object: label || undefined, id: id || undefined }),
    label,
    id,
    algorithm: publicKey?.algorithm ?? null,
    publicKeySha256: publicKey ? spkiSha256(publicKey.key) : null,
    sensitive: attr(privateKey, 'sensitive') === true,
    extractable: attr(privateKey, 'extractable') === true,
    alwaysSensitive: attr(privateKey, 'alwaysSensitive') === true,
    neverExtractable: attr(privateKey, 'neverExtractable') === true,
    local: attr(privateKey, 'local') === true,
    certificates,
  };
}

export function listKeys(login: TokenLogin): Promise<TokenKey[]> {
  return withSession(login, (session, info) =>
    find(session, { class: CK.CKO_PRIVATE_KEY }).map((key) => keyOf(session, info, key)),
  );
}

/** Can this token make that key? The token's own mechanism list says. */
const CANNOT_MAKE_FIX =
  'choose another key algorithm the program allows, or generate the key on another token (or in the vault); nothing was made';

function checkMechanism(slot: P11Slot, info: TokenInfo, algorithm: KeyAlgorithmId): void {
  const spec = KEY_ALGORITHMS[algorithm].key;
  const wanted = spec.type === 'ec' ? CK.CKM_EC_KEY_PAIR_GEN : CK.CKM_RSA_PKCS_KEY_PAIR_GEN;
  const mechanisms = slot.getMechanisms();
  for (let i = 0; i < mechanisms.length; i++) {
    const mechanism = mechanisms.items(i);
    if (mechanism.type !== wanted) continue;
    const size =
      spec.type === 'rsa'
        ? spec.bits
        : spec.type === 'ec'
          ? spec.curve === 'P-256'
            ? 256
            : 384
          : 0;
    if (size < mechanism.minKeySize || (mechanism.maxKeySize > 0 && size > mechanism.maxKeySize))
      throw new UserError(
        'bad-input',
        `token "${info.label}" cannot make ${KEY_ALGORITHMS[algorithm].label} keys: it reports ${mechanism.name} for ${mechanism.minKeySize} to ${mechanism.maxKeySize} bits only; ${CANNOT_MAKE_FIX}`,
        {},
        {
          id: 'token.key-size-unsupported',
          params: {
            token: info.label,
            algorithm: KEY_ALGORITHMS[algorithm].label,
            mechanism: mechanism.name,
            min: mechanism.minKeySize,
            max: mechanism.maxKeySize,
          },
        },
      );
    return;
  }
  throw new UserError(
    'bad-input',
    `token "${info.label}" cannot make ${KEY_ALGORITHMS[algorithm].label} keys: it does not list ${spec.type === 'ec' ? 'CKM_EC_KEY_PAIR_GEN' : 'CKM_RSA_PKCS_KEY_PAIR_GEN'} among its mechanisms; ${CANNOT_MAKE_FIX}`,
    {},
    {
      id: 'token.mechanism-missing',
      params: {
        token: info.label,
        algorithm: KEY_ALGORITHMS[algorithm].label,
        mechanism: spec.type === 'ec' ? 'CKM_EC_KEY_PAIR_GEN' : 'CKM_RSA_PKCS_KEY_PAIR_GEN',
      },
    },
  );
}

export interface GenerateOnTokenRequest extends TokenLogin {
  algorithm: KeyAlgorithmId;
  /** CKA_LABEL (the object= of the URI). */
  label: string;
  /** CKA_ID, hex; random 16 bytes by default. */
  id?: string;
}

/**
 * The templates of a key pair made on a token: the private key sensitive, not extractable and
 * for signing only, so it never leaves the token and only signs.
 */
function keyPairTemplates(
  request: GenerateOnTokenRequest,
  id: Buffer,
): { publicTemplate: Template; privateTemplate: Template } {
  const spec = KEY_ALGORITHMS[request.algorithm].key;
  const common: Template = { token: true, label: request.label, id };
  const publicTemplate: Template =
    spec.type === 'ec'
      ? {
          ...common,
          class: CK.CKO_PUBLIC_KEY,
          keyType: CK.CKK_EC,
          verify: true,
          encrypt: false,
          wrap: false,
          paramsEC: Buffer.from(CURVE_OIDS[request.algorithm].der, 'hex'),
        }
      : {
          ...common,
          class: CK.CKO_PUBLIC_KEY,
          keyType: CK.CKK_RSA,
          verify: true,
          encrypt: false,
          wrap: false,
          modulusBits: spec.type === 'rsa' ? spec.bits : 0,
          publicExponent: Buffer.from([1, 0, 1]),
        };
  const privateTemplate: Template = {
    ...common,
    class: CK.CKO_PRIVATE_KEY,
    keyType: spec.type === 'ec' ? CK.CKK_EC : CK.CKK_RSA,
    private: true,
    sensitive: true,
    extractable: false,
    sign: true,
    decrypt: false,
    unwrap: false,
    derive: false,
  };
  return { publicTemplate, privateTemplate };
}

/** Generates the key pair on the token: private key sensitive, not extractable, signing only. */
export async function generateOnToken(
  request: GenerateOnTokenRequest,
): Promise<TokenKey & { publicKey: KeyObject }> {
  if (!request.label.trim())
    throw new UserError(
      'bad-input',
      'a key on a token needs a label: give one',
      { need: 'token-label' },
      { id: 'token.label-needed' },
    );
  const id = Buffer.from(request.id ?? randomBytes(16).toString('hex'), 'hex');
  return withSession(request, async (session, info, slot) => {
    checkMechanism(slot, info, request.algorithm);
    const existing = find(session, { class: CK.CKO_PRIVATE_KEY, label: request.label });
    if (existing.length > 0)
      throw new UserError(
        'conflict',
        `token "${info.label}" already holds a private key labelled "${request.label}": choose another label`,
        { need: 'token-label' },
        { id: 'token.label-taken', params: { token: info.label, label: request.label } },
      );
    const spec = KEY_ALGORITHMS[request.algorithm].key;
    const { publicTemplate, privateTemplate } = keyPairTemplates(request, id);
    const keys = await new Promise<{ publicKey: P11Object; privateKey: P11Object }>(
      (resolve, reject) =>
        session.generateKeyPair(
          spec.type === 'ec' ? CK.CKM_EC_KEY_PAIR_GEN : CK.CKM_RSA_PKCS_KEY_PAIR_GEN,
          publicTemplate,
          privateTemplate,
          (error, pair) => (error ? reject(error) : resolve(pair)),
        ),
    ).catch((error: unknown) => {
      throw new UserError(
        'bad-input',
        `token "${info.label}" refused to generate a ${KEY_ALGORITHMS[request.algorithm].label} key (${codeOf(error)})`,
        {},
        {
          id: 'token.generate-refused',
          params: {
            token: info.label,
            algorithm: KEY_ALGORITHMS[request.algorithm].label,
            code: codeOf(error),
          },
        },
      );
    });
    const key = keyOf(session, info, keys.privateKey);
    const publicKey = publicKeyOf(keys.publicKey);
    if (!publicKey)
      throw new UserError(
        'bad-input',
        `token "${info.label}" gave an unreadable public key`,
        {},
        { id: 'token.public-key-unreadable', params: { token: info.label } },
      );
    return { ...key, publicKey: publicKey.key };
  });
}

function uriArg(uri: string): Pkcs11Uri {
  try {
    return parsePkcs11Uri(uri);
  } catch (error) {
    if (error instanceof Pkcs11UriError)
      throw new UserError('bad-input', error.message, {}, error.text);
    throw error;
  }
}

function keyTemplate(uri: Pkcs11Uri): Template {
  return {
    ...(uri.object !== undefined ? { label: uri.object } : {}),
    ...(uri.id !== undefined ? { id: Buffer.from(uri.id, 'hex') } : {}),
  };
}

function onlyPrivateKey(
  session: P11Session,
  info: TokenInfo,
  uri: Pkcs11Uri,
  text: string,
): P11Object {
  const found = find(session, { class: CK.CKO_PRIVATE_KEY, ...keyTemplate(uri) });
  if (found.length === 0)
    throw new UserError(
      'not-found',
      `token "${info.label}" holds no private key matching ${text}: choose one of its keys`,
      { need: 'token-keys' },
      { id: 'token.no-key', params: { token: info.label, key: text } },
    );
  if (found.length > 1)
    throw new UserError(
      'bad-input',
      `${found.length} private keys on token "${info.label}" match ${text}: add id= to the URI to name one`,
      {},
      { id: 'token.several-keys', params: { count: found.length, token: info.label, key: text } },
    );
  return found[0];
}

/** The token named by the URI (token=); the URI's PIN-free text is kept for messages. */
export function tokenOfUri(uri: string): { token: string; parsed: Pkcs11Uri } {
  const parsed = uriArg(uri);
  if (!parsed.token)
    throw new UserError(
      'bad-input',
      `the pkcs11: URI ${uri} names no token: add token=LABEL`,
      {},
      { id: 'token.uri-no-token', params: { uri } },
    );
  return { token: parsed.token, parsed };
}

/** Runs `use` with a signer over the token key (and a way to store certificates beside it). */
export function withTokenKey<T>(
  input: { module: string; uri: string; pin: string },
  use: (
    signer: TokenSigner,
    /** Stores a certificate beside the key (same CKA_ID); false when the token already holds it. */
    store: { certificate(der: Buffer, label?: string): boolean },
  ) => Promise<T>,
): Promise<T> {
  const { token, parsed } = tokenOfUri(input.uri);
  return withSession({ module: input.module, token, pin: input.pin }, async (session, info) => {
    const privateObject = onlyPrivateKey(session, info, parsed, input.uri);
    const key = keyOf(session, info, privateObject);
    const publicObject = find(session, {
      class: CK.CKO_PUBLIC_KEY,
      ...(key.id ? { id: Buffer.from(key.id, 'hex') } : { label: key.label }),
    })[0];
    const publicKey = publicObject ? publicKeyOf(publicObject) : null;
    if (!publicObject || !publicKey)
      throw new UserError(
        'bad-input',
        `token "${info.label}" has no readable public key beside ${input.uri}: the key cannot be used to sign a certificate here`,
        {},
        { id: 'token.no-public-key', params: { token: info.label, uri: input.uri } },
      );
    const { webcrypto } = native();
    const crypto = new webcrypto.Crypto({ session });
    const spec = publicKey.algorithm ? KEY_ALGORITHMS[publicKey.algorithm].key : null;
    const algorithm =
      spec?.type === 'ec'
        ? { name: 'ECDSA', namedCurve: spec.curve }
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const keys = {
      privateKey: await crypto.keyStorage.getItem(
        webcrypto.CryptoKey.getID(privateObject),
        algorithm,
        false,
        ['sign'],
      ),
      publicKey: await crypto.keyStorage.getItem(
        webcrypto.CryptoKey.getID(publicObject),
        algorithm,
        true,
        ['verify'],
      ),
    } as CryptoKeyPair;
    const signer: TokenSigner = { uri: key.uri, publicKey: publicKey.key, keys, crypto };
    return use(signer, {
      certificate(der: Buffer, label?: string) {
        const certificate = new x509.X509Certificate(asBytes(der));
        const id = Buffer.from(key.id, 'hex');
        const held = find(session, { class: CK.CKO_CERTIFICATE, id }).some((object) =>
          der.equals((attr(object, 'value') as Buffer | undefined) ?? Buffer.alloc(0)),
        );
        if (held) return false;
        session.create({
          class: CK.CKO_CERTIFICATE,
          certType: CK.CKC_X_509,
          token: true,
          private: false,
          label: label ?? key.label,
          id: Buffer.from(key.id, 'hex'),
          subject: Buffer.from(certificate.subjectName.toArrayBuffer()),
          issuer: Buffer.from(certificate.issuerName.toArrayBuffer()),
          serial: integerDer(Buffer.from(certificate.serialNumber, 'hex')),
          value: der,
        });
        return true;
      },
    });
  });
}

/** Removes a key pair (and its certificates) from the token: a generation that stored nothing. */
export function deleteTokenKey(input: {
  module: string;
  uri: string;
  pin: string;
}): Promise<number> {
  const { token, parsed } = tokenOfUri(input.uri);
  return withSession({ module: input.module, token, pin: input.pin }, (session) => {
    const template = keyTemplate(parsed);
    let removed = 0;
    for (const cls of [CK.CKO_PRIVATE_KEY, CK.CKO_PUBLIC_KEY, CK.CKO_CERTIFICATE])
      for (const object of find(session, { class: cls, ...template })) {
        object.destroy();
        removed++;
      }
    return removed;
  });
}

/**
 * The identifier OpenSSL's pkcs11 engine takes, PIN included: it goes straight into a TLS
 * context and must never be printed, logged or stored.
 */
export function engineKeyIdentifier(uri: string, pin: string): string {
  const { parsed } = tokenOfUri(uri);
  return `${formatPkcs11Uri({ ...parsed, type: 'private' })};pin-value=${encodeURIComponent(pin)}`;
}
