// A minimal DER reader for the PKCS#12 and PBE structures: tag, content, children. Definite
// lengths only (DER); BER's indefinite form gets a clear error.
import { UserError } from '../errors.js';

export interface Node {
  tag: number;
  /** The whole element (header and content). */
  raw: Buffer;
  content: Buffer;
}

export function readNode(buffer: Buffer, offset = 0, what = 'the file'): Node & { end: number } {
  if (offset + 2 > buffer.length)
    throw new UserError(
      'bad-input',
      `${what} is truncated: get the file again in full`,
      {},
      { id: 'der.truncated', params: { source: what } },
    );
  const tag = buffer[offset];
  let length = buffer[offset + 1];
  let header = 2;
  if (length === 0x80)
    throw new UserError(
      'bad-input',
      `${what} uses BER indefinite lengths, which mTLS Desk does not read: re-export it from the tool that made it`,
      {},
      { id: 'der.indefinite-length', params: { source: what } },
    );
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || offset + 2 + count > buffer.length)
      throw new UserError(
        'bad-input',
        `${what} is damaged (a length field is wrong)`,
        {},
        { id: 'der.bad-length', params: { source: what } },
      );
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[offset + 2 + i];
    header += count;
  }
  const end = offset + header + length;
  if (end > buffer.length)
    throw new UserError(
      'bad-input',
      `${what} is truncated (it declares more bytes than it has): get the file again in full`,
      {},
      { id: 'der.declares-more', params: { source: what } },
    );
  return {
    tag,
    raw: buffer.subarray(offset, end),
    content: buffer.subarray(offset + header, end),
    end,
  };
}

export function children(node: Node, what = 'the file'): Node[] {
  const result: Node[] = [];
  for (let offset = 0; offset < node.content.length;) {
    const child = readNode(node.content, offset, what);
    result.push(child);
    offset = child.end;
  }
  return result;
}

export function oidOf(node: Node): string {
  if (node.tag !== 0x06)
    throw new UserError(
      'bad-input',
      'the file is damaged (an object identifier was expected)',
      {},
      { id: 'der.oid-expected' },
    );
  const bytes = node.content;
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export function integerOf(node: Node): number {
  let value = 0;
  for (const byte of node.content) value = value * 256 + byte;
  return value;
}
