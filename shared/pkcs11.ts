// Keys on a PKCS#11 token (HSM, smartcard): the RFC 7512 `pkcs11:` URI the inventory refers to a
// token key by, the token flags the PIN wordings read, the usual module locations, and the one
// sentence about Electron's TLS. Pure: runs in the renderer, main, the CLI and tests.
import type { ErrorText } from './i18n/errors.js';

export interface Pkcs11Uri {
  token?: string;
  manufacturer?: string;
  model?: string;
  serial?: string;
  /** CKA_LABEL of the object. */
  object?: string;
  /** CKA_ID as lowercase hex. */
  id?: string;
  type?: 'private' | 'public' | 'cert' | 'secret-key' | 'data';
}

const PATH_ORDER = ['token', 'manufacturer', 'model', 'serial', 'object', 'id', 'type'] as const;

// RFC 7512 pchar minus the separators ";" "/" "?" "%" and "=" that would be ambiguous in a value.
const UNRESERVED = /[A-Za-z0-9\-._~:@!$&'()*+,]/;

function encodeValue(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(char)
        ? char
        : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function hexToPct(hex: string): string {
  return hex.replace(/../g, (pair) => '%' + pair.toUpperCase());
}

/** The URI of a token object; a PIN never goes in it. */
export function formatPkcs11Uri(uri: Pkcs11Uri): string {
  const parts: string[] = [];
  for (const name of PATH_ORDER) {
    const value = uri[name];
    if (value === undefined || value === '') continue;
    parts.push(`${name}=${name === 'id' ? hexToPct(value) : encodeValue(value)}`);
  }
  return 'pkcs11:' + parts.join(';');
}

export function isPkcs11Uri(text: string | undefined): text is string {
  return typeof text === 'string' && /^pkcs11:/i.test(text);
}

export class Pkcs11UriError extends Error {
  constructor(
    message: string,
    /** The sentence as data, for the app's other languages (shared/i18n/errors.ja.json). */
    readonly text: ErrorText,
  ) {
    super(message);
  }
}

function decodeBytes(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex))
        throw new Pkcs11UriError(`"%${hex}" is not a valid percent-encoded byte`, {
          id: 'token.uri-bad-byte',
          params: { value: `%${hex}` },
        });
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...new TextEncoder().encode(text[i]));
  }
  return new Uint8Array(bytes);
}

/** Reads `pkcs11:token=...;object=...;id=...`; refuses a PIN in the URI (it would end up in logs). */
export function parsePkcs11Uri(text: string): Pkcs11Uri {
  if (!isPkcs11Uri(text))
    throw new Pkcs11UriError(`"${String(text).slice(0, 40)}" is not a pkcs11: URI (RFC 7512)`, {
      id: 'token.uri-not-uri',
      params: { value: String(text).slice(0, 40) },
    });
  const [path, query = ''] = text.slice('pkcs11:'.length).split('?', 2);
  const queryNames = query
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=')[0].toLowerCase());
  const pathNames = path
    .split(';')
    .filter(Boolean)
    .map((pair) => pair.split('=')[0].toLowerCase());
  if ([...queryNames, ...pathNames].some((name) => name === 'pin-value' || name === 'pin-source'))
    throw new Pkcs11UriError(
      'the pkcs11: URI carries a PIN: remove pin-value and give the PIN on its own',
      { id: 'token.uri-pin' },
    );
  const uri: Pkcs11Uri = {};
  for (const pair of path.split(';').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq < 1)
      throw new Pkcs11UriError(`"${pair}" in the pkcs11: URI is not name=value`, {
        id: 'token.uri-not-pair',
        params: { pair },
      });
    const name = pair.slice(0, eq).toLowerCase();
    const raw = pair.slice(eq + 1);
    const bytes = decodeBytes(raw);
    switch (name) {
      case 'id':
        uri.id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
        break;
      case 'type':
        if (!['private', 'public', 'cert', 'secret-key', 'data'].includes(raw))
          throw new Pkcs11UriError(`type=${raw} in the pkcs11: URI is not an object type`, {
            id: 'token.uri-bad-type',
            params: { type: raw },
          });
        uri.type = raw as Pkcs11Uri['type'];
        break;
      case 'token':
      case 'manufacturer':
      case 'model':
      case 'serial':
      case 'object':
        uri[name] = new TextDecoder().decode(bytes);
        break;
      default:
        // Library and slot attributes narrow the match; we match by token and object.
        break;
    }
  }
  if (uri.object === undefined && uri.id === undefined)
    throw new Pkcs11UriError('the pkcs11: URI names no key: give object=LABEL or id=%xx', {
      id: 'token.uri-no-key',
    });
  return uri;
}

// Token flags (PKCS#11 v2.40 CK_TOKEN_INFO.flags) the app reads or shows.
export const TOKEN_FLAGS = {
  rng: 0x1,
  writeProtected: 0x2,
  loginRequired: 0x4,
  userPinInitialized: 0x8,
  protectedAuthenticationPath: 0x100,
  tokenInitialized: 0x400,
  userPinCountLow: 0x10000,
  userPinFinalTry: 0x20000,
  userPinLocked: 0x40000,
  userPinToBeChanged: 0x80000,
} as const;

const FLAG_WORDS: [number, string][] = [
  [TOKEN_FLAGS.loginRequired, 'login required'],
  [TOKEN_FLAGS.userPinInitialized, 'PIN initialized'],
  [TOKEN_FLAGS.tokenInitialized, 'initialized'],
  [TOKEN_FLAGS.writeProtected, 'write-protected'],
  [TOKEN_FLAGS.protectedAuthenticationPath, 'PIN pad'],
  [TOKEN_FLAGS.rng, 'random generator'],
  [TOKEN_FLAGS.userPinCountLow, 'user PIN count low'],
  [TOKEN_FLAGS.userPinFinalTry, 'user PIN final try'],
  [TOKEN_FLAGS.userPinLocked, 'user PIN locked'],
  [TOKEN_FLAGS.userPinToBeChanged, 'user PIN to be changed'],
];

export function describeTokenFlags(flags: number): string[] {
  return FLAG_WORDS.filter(([bit]) => (flags & bit) !== 0).map(([, word]) => word);
}

export function tokenLockedMessage(token: string): string {
  return `token "${token}" is locked (it reports its user PIN locked): its security officer must unlock or reset the user PIN; no PIN was tried`;
}

/** After a refused PIN: what the token itself reports about the tries left (it never gives a number). */
export function wrongPinMessage(token: string, flags: number): string {
  if (flags & TOKEN_FLAGS.userPinLocked)
    return `the PIN for token "${token}" is wrong and the token is now locked: its security officer must unlock or reset the user PIN`;
  if (flags & TOKEN_FLAGS.userPinFinalTry)
    return `the PIN for token "${token}" is wrong: the token reports one try left before it locks`;
  if (flags & TOKEN_FLAGS.userPinCountLow)
    return `the PIN for token "${token}" is wrong: the token reports that few tries are left before it locks (it does not say how many)`;
  return `the PIN for token "${token}" is wrong: the token does not report fewer tries left; check the PIN and try again`;
}

/** Where PKCS#11 modules usually are, per OS (`process.platform`), to suggest in the app. */
export const COMMON_MODULE_PATHS: Record<string, string[]> = {
  linux: [
    '/usr/lib/softhsm/libsofthsm2.so',
    '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so',
    '/usr/lib/x86_64-linux-gnu/libykcs11.so',
    '/usr/safenet/lunaclient/lib/libCryptoki2_64.so',
    '/opt/nfast/toolkits/pkcs11/libcknfast.so',
    '/opt/cloudhsm/lib/libcloudhsm_pkcs11.so',
  ],
  darwin: [
    '/usr/local/lib/softhsm/libsofthsm2.so',
    '/opt/homebrew/lib/softhsm/libsofthsm2.so',
    '/Library/OpenSC/lib/opensc-pkcs11.so',
    '/usr/local/lib/libykcs11.dylib',
  ],
  win32: [
    'C:\\SoftHSM2\\lib\\softhsm2-x64.dll',
    'C:\\Windows\\System32\\opensc-pkcs11.dll',
    'C:\\Program Files\\SafeNet\\LunaClient\\cryptoki.dll',
    'C:\\Program Files\\nCipher\\nfast\\toolkits\\pkcs11\\cknfast.dll',
  ],
};

/** The Electron limitation, said once, everywhere. */
export const TOKEN_TLS_IN_APP =
  "The app's own TLS (Electron's BoringSSL) cannot use a key held on a token, so this test runs from the mTLS Desk command line, which uses Node's OpenSSL with the PKCS#11 engine.";

/** Why a private key on a token is never exported. */
export const TOKEN_KEY_EXPORT_REFUSED =
  'this key was generated on a PKCS#11 token as sensitive and not extractable: it cannot leave the token, so there is no key or PKCS#12 file to export; other software uses it on the token by its pkcs11: URI';
