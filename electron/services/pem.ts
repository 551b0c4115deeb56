// The one PEM reader and writer. Reading is a single indexOf pass (linear whatever the text
// holds), with every BEGIN needing its END and the number of blocks capped before any is decoded;
// each problem is one sentence naming the source. Writing is 64 characters a line, as OpenSSL and
// Node write it.
import { LIMIT_MESSAGES, LIMIT_TEXTS, MAX_PEM_BLOCKS } from '../../shared/input-limits.js';
import { UserError } from './errors.js';

export interface PemBlock {
  label: string;
  headers: string;
  der: Buffer;
  text: string;
}

const BEGIN = '-----BEGIN ';
const DASHES = '-----';
/** Labels are short ("CERTIFICATE", "ENCRYPTED PRIVATE KEY"); a longer one is not a PEM line. */
const MAX_LABEL = 64;

/** How many "-----BEGIN" lines a text has, counted without a regular expression. */
function countBeginLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('-----BEGIN'); at >= 0; at = text.indexOf('-----BEGIN', at + 10))
    count += 1;
  return count;
}

/**
 * The PEM blocks of a text, in one pass with indexOf: linear whatever the text holds (a regular
 * expression with a lazy body was quadratic on BEGIN lines without an END). Every BEGIN must have
 * its END; the number of BEGIN lines is capped before any block is decoded.
 */
export function parsePemBlocks(text: string, source: string): PemBlock[] {
  const begins = countBeginLines(text);
  if (begins > MAX_PEM_BLOCKS)
    throw new UserError(
      'bad-input',
      LIMIT_MESSAGES.tooManyPemBlocks(source, begins),
      {},
      LIMIT_TEXTS.tooManyPemBlocks(source, begins),
    );
  const blocks: PemBlock[] = [];
  for (let at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at)) {
    const labelStart = at + BEGIN.length;
    const labelEnd = text.indexOf(DASHES, labelStart);
    const label = labelEnd < 0 ? '' : text.slice(labelStart, labelEnd);
    if (labelEnd < 0 || label.length > MAX_LABEL || !/^[A-Z0-9 ]+$/.test(label)) {
      throw new UserError(
        'bad-input',
        `${source}: a "-----BEGIN" line is not a PEM header (it should read like -----BEGIN CERTIFICATE-----): copy the text again in full`,
        {},
        { id: 'pem.broken', params: { source } },
      );
    }
    let bodyStart = labelEnd + DASHES.length;
    if (text[bodyStart] === '\r') bodyStart += 1;
    if (text[bodyStart] !== '\n') {
      throw new UserError(
        'bad-input',
        `${source}: the ${label} PEM header is not followed by a new line: copy the text again in full, from BEGIN to END`,
        {},
        { id: 'pem.broken', params: { source } },
      );
    }
    bodyStart += 1;
    const endLine = `-----END ${label}-----`;
    const end = text.indexOf(endLine, bodyStart);
    const nextBegin = text.indexOf(BEGIN, bodyStart);
    if (end < 0 || (nextBegin >= 0 && nextBegin < end)) {
      throw new UserError(
        'bad-input',
        `${source}: a PEM block starts but has no matching END line (-----END ${label}-----): the text was cut; copy it again in full`,
        {},
        { id: 'pem.cut', params: { source } },
      );
    }
    const body = text.slice(bodyStart, end);
    const lines = body.split(/\r?\n/);
    const headerLines = lines.filter((l) => /^[A-Za-z-]+:/.test(l));
    const base64 = lines
      .filter((l) => !/^[A-Za-z-]+:/.test(l))
      .join('')
      .replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0 || base64.length === 0) {
      throw new UserError(
        'bad-input',
        `${source}: the ${label} PEM block has a broken base64 body: copy it again in full, from BEGIN to END`,
        {},
        { id: 'pem.broken', params: { source } },
      );
    }
    blocks.push({
      label,
      headers: headerLines.join('\n'),
      der: Buffer.from(base64, 'base64'),
      text: text.slice(at, end + endLine.length),
    });
    at = end + endLine.length;
  }
  if (blocks.length === 0)
    throw new UserError(
      'bad-input',
      `${source}: a PEM block starts but has no matching END line: the text was cut; copy it again in full`,
      {},
      { id: 'pem.cut', params: { source } },
    );
  return blocks;
}

/** The DER of every `label` block of a PEM text (none when the text has no PEM at all). */
export function pemBlocksOf(text: string, label: string, source = 'the PEM text'): Buffer[] {
  if (!text.includes('-----BEGIN')) return [];
  return parsePemBlocks(text, source)
    .filter((block) => block.label === label)
    .map((block) => block.der);
}

/** The DER of the first `label` block in a PEM text. */
export function fromPem(label: string, pem: string): Buffer {
  const [der] = pemBlocksOf(pem, label);
  if (!der) throw new Error(`no ${label} PEM block found`);
  return der;
}

const BASE64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 0x3d;
const NEWLINE = 0x0a;

/**
 * PEM as bytes (64 characters a line, as OpenSSL and Node write it), encoded without any
 * intermediate string: for a private key, the caller can wipe the result with fill(0).
 */
export function toPemBytes(label: string, der: Buffer): Buffer {
  const head = Buffer.from(`-----BEGIN ${label}-----\n`);
  const tail = Buffer.from(`-----END ${label}-----\n`);
  const characters = 4 * Math.ceil(der.length / 3);
  const out = Buffer.alloc(head.length + characters + Math.ceil(characters / 64) + tail.length);
  let at = head.copy(out, 0);
  for (let i = 0; i < der.length; i += 3) {
    const triple = (der[i] << 16) | ((der[i + 1] ?? 0) << 8) | (der[i + 2] ?? 0);
    const present = Math.min(3, der.length - i);
    for (let k = 0; k < 4; k++)
      out[at++] = k <= present ? BASE64[(triple >> (18 - 6 * k)) & 63] : PAD;
    if ((i / 3 + 1) % 16 === 0 || i + 3 >= der.length) out[at++] = NEWLINE;
  }
  tail.copy(out, at);
  return out;
}

export function toPem(label: string, der: Buffer): string {
  return toPemBytes(label, der).toString('latin1');
}
