// The PKCS#11 libraries are optional dependencies: `pkcs11js` is a native addon built at install
// time, and where it cannot build (no compiler, an unsupported platform) everything else still
// installs and works. They are loaded on first use, never at import, and only the few calls used
// here are typed (so the type check passes without them too).
import { createRequire } from 'node:module';
import { UserError } from '../errors.js';

/** The PKCS#11 values used here (v2.40). */
export const CK = {
  USER: 1,
  CKO_CERTIFICATE: 1,
  CKO_PUBLIC_KEY: 2,
  CKO_PRIVATE_KEY: 3,
  CKK_RSA: 0,
  CKK_EC: 3,
  CKC_X_509: 0,
  CKM_RSA_PKCS_KEY_PAIR_GEN: 0x0,
  CKM_EC_KEY_PAIR_GEN: 0x1040,
  CKF_RW_SESSION: 2,
  CKF_SERIAL_SESSION: 4,
} as const;

export type Template = Record<string, string | number | boolean | Buffer | null>;

export interface P11Object {
  handle: Buffer;
  getAttribute(template: Template): Template;
  getAttribute(name: string | number): unknown;
  destroy(): void;
  toType<T = P11Object>(): T;
}

export interface P11Collection<T> {
  length: number;
  items(index: number): T;
}

export interface P11Session {
  login(pin: string, userType?: number): void;
  logout(): void;
  close(): void;
  find(template?: Template | null): P11Collection<P11Object>;
  create(template: Template): P11Object;
  generateKeyPair(
    mechanism: number,
    publicTemplate: Template,
    privateTemplate: Template,
    callback: (error: Error | null, keys: { publicKey: P11Object; privateKey: P11Object }) => void,
  ): void;
}

export interface P11Mechanism {
  type: number;
  name: string;
  minKeySize: number;
  maxKeySize: number;
  flags: number;
}

export interface P11Token {
  label: string;
  manufacturerID: string;
  model: string;
  serialNumber: string;
  flags: number;
}

export interface P11Slot {
  handle: Buffer;
  slotDescription: string;
  manufacturerID: string;
  flags: number;
  getToken(): P11Token;
  getMechanisms(): P11Collection<P11Mechanism>;
  open(flags?: number): P11Session;
}

export interface P11Module {
  libraryDescription: string;
  manufacturerID: string;
  initialize(): void;
  finalize(): void;
  close(): void;
  getSlots(tokenPresent?: boolean): P11Collection<P11Slot>;
}

export interface Graphene {
  Module: { load(path: string, name?: string): P11Module };
}

export interface WebCryptoP11 {
  Crypto: new (params: { session: P11Session }) => Crypto & {
    keyStorage: {
      getItem(
        index: string,
        algorithm: Algorithm | EcKeyImportParams | RsaHashedImportParams,
        extractable: boolean,
        usages: KeyUsage[],
      ): Promise<CryptoKey>;
    };
  };
  CryptoKey: { getID(key: P11Object): string };
}

export interface Native {
  graphene: Graphene;
  webcrypto: WebCryptoP11;
}

let loaded: Native | { error: string; detail: string } | undefined;

/** The libraries, or why they are missing; never throws. */
export function tokenSupport(): { available: true } | { available: false; reason: string } {
  const native = load();
  return 'error' in native ? { available: false, reason: native.error } : { available: true };
}

function load(): Native | { error: string; detail: string } {
  if (loaded) return loaded;
  const loadOptional = createRequire(import.meta.url);
  try {
    loaded = {
      graphene: loadOptional('graphene-pk11') as Graphene,
      webcrypto: loadOptional('node-webcrypto-p11') as WebCryptoP11,
    };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    loaded = {
      error: `token features are unavailable: the optional PKCS#11 support (pkcs11js, a native addon built at install) is not installed here (${message}); install a C++ compiler, make and python3, then run npm install again`,
      detail: message,
    };
  }
  return loaded;
}

export function native(): Native {
  const result = load();
  if ('error' in result)
    throw new UserError(
      'bad-input',
      result.error,
      {},
      { id: 'token.support-missing', params: { detail: result.detail } },
    );
  return result;
}
