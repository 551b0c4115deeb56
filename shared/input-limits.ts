// How much untrusted input mtls-desk reads before it refuses: one table, so the decoder, the
// PKCS#12 reader, the import and the CLI refuse at the same point and say the same thing. Each
// limit is far above any real certificate, chain, trust bundle or key file, and low enough that
// reading up to it takes well under a second (the key derivations: a bounded number of seconds,
// off the main thread). Each refusal's sentence has its text as data too (LIMIT_TEXTS: an id of
// shared/i18n/errors.ja.json and its params), for the app to say it in Japanese.
import type { ErrorText } from './i18n/errors.js';

/** A certificate, chain, CSR, key or PKCS#12 file: 10 MB is already a wrong file. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** Pasted text on standard input (`import -`): the same bound as a file. */
export const MAX_STDIN_BYTES = MAX_INPUT_BYTES;

/** Certificates in one input (a PEM bundle, a PKCS#7 trust bundle, a PKCS#12 file). */
export const MAX_CERTIFICATES_PER_INPUT = 1000;

/** "-----BEGIN" lines in one input: a real bundle has one per certificate. */
export const MAX_PEM_BLOCKS = 1000;

/** Bags in one PKCS#12 file (keys, certificates, CRLs, secrets); real files hold a few. */
export const MAX_PKCS12_BAGS = 256;

/** Private keys in one input: an identity is one key; a few more are still a clear refusal. */
export const MAX_PRIVATE_KEYS_PER_INPUT = 8;

/** One PBKDF2 derivation (OpenSSL writes 2,048 iterations, mtls-desk 600,000). */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;

/** One PKCS#12-KDF derivation (RFC 7292 B.2), hashed iteration by iteration in JavaScript. */
export const MAX_PKCS12_KDF_ITERATIONS = 1_000_000;

/**
 * The PKCS#12 KDF costs about this many PBKDF2 iterations per iteration (a JavaScript hash call
 * against OpenSSL's native loop), so both count against one budget.
 */
export const PKCS12_KDF_WEIGHT = 8;

/**
 * All key derivations one input asks for together, in PBKDF2 iterations (PKCS#12-KDF iterations
 * weighted): checked before the first derivation runs. A file of ours needs about 1.5 million
 * (600,000 for the key, 100,000 weighted for the MAC); 20 million is a few seconds of work.
 */
export const MAX_KDF_WORK_PER_INPUT = 20_000_000;

/** A check, import or identity load that has not finished after this long is stopped. */
export const OFF_THREAD_TIMEOUT_MS = 60_000;

/** A passphrase file holds one line; anything bigger is the wrong file. */
export const MAX_PASSPHRASE_FILE_BYTES = 4096;

const thousands = (n: number): string => n.toLocaleString('en-US');

/** The one sentence for each refusal. */
export const LIMIT_MESSAGES = {
  tooManyCertificates: (source: string, count: number | null) =>
    `${source} holds ${count === null ? 'more than ' + thousands(MAX_CERTIFICATES_PER_INPUT) : thousands(count)} certificates, more than the ${thousands(MAX_CERTIFICATES_PER_INPUT)} mTLS Desk reads from one input: give the chain you mean (leaf and intermediates), not a whole trust store`,
  tooManyPemBlocks: (source: string, count: number) =>
    `${source} has ${thousands(count)} "-----BEGIN" lines, more than the ${thousands(MAX_PEM_BLOCKS)} mTLS Desk reads from one input: give the certificate, chain or key you mean, copied once from BEGIN to END`,
  tooManyBags: (source: string) =>
    `${source} holds more than ${thousands(MAX_PKCS12_BAGS)} PKCS#12 bags, far more than a client identity: re-export just the key and its certificate chain`,
  tooManyKeys: (source: string, count: number) =>
    `${source} holds ${thousands(count)} private keys, more than the ${MAX_PRIVATE_KEYS_PER_INPUT} mTLS Desk reads from one input: give a file with the one key you mean`,
  tooMuchKdfWork: (source: string, work: number) =>
    `${source} asks for ${thousands(work)} key-derivation iterations in all, more than the ${thousands(MAX_KDF_WORK_PER_INPUT)} mTLS Desk accepts for one file; nothing was decrypted: re-export it with usual iteration counts (OpenSSL uses 2,048)`,
  timedOut: (what: string, ms: number) =>
    `reading ${what} took longer than ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`} and was stopped: check it is the right file, or allow more time`,
  cancelled: (what: string) => `reading ${what} was cancelled`,
} as const;

/** The same refusals as data (an id and params, same arguments as LIMIT_MESSAGES). */
export const LIMIT_TEXTS = {
  tooManyCertificates: (source: string, count: number | null): ErrorText =>
    count === null
      ? {
          id: 'input.certificates-over-limit',
          params: { source, limit: MAX_CERTIFICATES_PER_INPUT },
        }
      : {
          id: 'input.too-many-certificates',
          params: { source, count, limit: MAX_CERTIFICATES_PER_INPUT },
        },
  tooManyPemBlocks: (source: string, count: number): ErrorText => ({
    id: 'pem.too-many-blocks',
    params: { source, count, limit: MAX_PEM_BLOCKS },
  }),
  tooManyBags: (source: string): ErrorText => ({
    id: 'pkcs12.too-many-bags',
    params: { source, limit: MAX_PKCS12_BAGS },
  }),
  tooManyKeys: (source: string, count: number): ErrorText => ({
    id: 'input.too-many-keys',
    params: { source, count, limit: MAX_PRIVATE_KEYS_PER_INPUT },
  }),
  tooMuchKdfWork: (source: string, work: number): ErrorText => ({
    id: 'input.too-much-kdf-work',
    params: { source, work, limit: MAX_KDF_WORK_PER_INPUT },
  }),
  timedOut: (what: string, ms: number): ErrorText => ({
    id: 'reading.timed-out',
    params: { source: what, seconds: ms / 1000 },
  }),
  cancelled: (what: string): ErrorText => ({ id: 'reading.cancelled', params: { source: what } }),
} as const;
