// What a certificate box makes of a file or a paste, before any check: files are read as bytes
// (PEM text as is; a DER certificate or PKCS#7 bundle turned into PEM), and a private key or a
// CSR put in the wrong box is recognised, to be cleared from the box and explained in one
// sentence (in English, and as data for the app's other languages: an id of
// shared/i18n/errors.ja.json and its params). Pure: runs in the page and in tests alike.
import type { ErrorText } from './i18n/errors.js';

/** The DER encoding of the PKCS#7 signedData OID (1.2.840.113549.1.7.2). */
const PKCS7_SIGNED_DATA = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
/** A PKCS#12 file: version 3 right after the outer SEQUENCE header. */
const PFX_VERSION = [0x02, 0x01, 0x03];

function indexOf(bytes: Uint8Array, needle: readonly number[], within: number): number {
  const end = Math.min(bytes.length - needle.length, within);
  for (let i = 0; i <= end; i++) if (needle.every((b, j) => bytes[i + j] === b)) return i;
  return -1;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

function pem(label: string, bytes: Uint8Array): string {
  const body = base64(bytes).replace(/(.{64})/g, '$1\n');
  return `-----BEGIN ${label}-----\n${body.replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

export type FileText = { text: string } | { refused: string; refusedText: ErrorText };

/** A file's bytes as the text a certificate box takes. */
export function certificateFileText(bytes: Uint8Array, name: string): FileText {
  if (bytes.length === 0)
    return {
      refused: `${name} is empty: choose the certificate file.`,
      refusedText: { id: 'cert-box.empty-file', params: { file: name } },
    };
  if (bytes[0] === 0x30) {
    if (indexOf(bytes, PFX_VERSION, 6) !== -1 && indexOf(bytes, PKCS7_SIGNED_DATA, 24) === -1)
      return {
        refused: `${name} is a PKCS#12 file, which holds a private key: give the certificate alone (PEM, DER or PKCS#7).`,
        refusedText: { id: 'cert-box.pkcs12-file', params: { file: name } },
      };
    return {
      text: pem(indexOf(bytes, PKCS7_SIGNED_DATA, 24) !== -1 ? 'PKCS7' : 'CERTIFICATE', bytes),
    };
  }
  return { text: new TextDecoder().decode(bytes) };
}

type Misplaced = 'private-key' | 'csr';

function misplaced(text: string): Misplaced | null {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'private-key';
  if (/-----BEGIN (NEW )?CERTIFICATE REQUEST-----/.test(text)) return 'csr';
  return null;
}

const MISPLACED: Record<Misplaced, { message: string; text: ErrorText }> = {
  'private-key': {
    message:
      'That was a private key, not a certificate: it was cleared from the box and not kept; paste the certificate instead (a private key never needs to be pasted here).',
    text: { id: 'cert-box.private-key' },
  },
  csr: {
    message:
      'That is a certificate signing request (CSR), not a certificate: it was cleared from the box; send the CSR to Thales and paste the certificate they return.',
    text: { id: 'cert-box.csr' },
  },
};

/** A private key or a CSR where a certificate belongs: the one sentence that says so, or null. */
export function misplacedInput(text: string): string | null {
  const kind = misplaced(text);
  return kind ? MISPLACED[kind].message : null;
}

/** The same sentence as data (an id), for the app's other languages; null when nothing is misplaced. */
export function misplacedInputText(text: string): ErrorText | null {
  const kind = misplaced(text);
  return kind ? MISPLACED[kind].text : null;
}
