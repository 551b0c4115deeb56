// The few DER encoders the key formats need, where no maintained package covers the structure
// (PBES2 with our own iteration count).

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
export const octetString = (data: Buffer): Buffer => tlv(0x04, data);
export const derNull = (): Buffer => Buffer.from([0x05, 0x00]);

export function integer(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  if (bytes.length === 0 || bytes[0] & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

export function objectIdentifier(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
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

/** The DER of the first `label` block in a PEM text. */
export function fromPem(label: string, pem: string): Buffer {
  const block = new RegExp(
    `-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*)-----END ${label}-----`,
  ).exec(pem);
  if (!block) throw new Error(`no ${label} PEM block found`);
  return Buffer.from(block[1].replace(/\s+/g, ''), 'base64');
}
