// What the PKCS#12 KDF's iterated hashes in WebAssembly share (pkcs12-sha1.ts, pkcs12-sha256.ts):
// the byte encodings, the few opcodes they use, and one module shape. The module exports
// `iterate(n)` and its memory; the digest lives in memory bytes 0.. as 32-bit words in the host's
// order, is loaded into locals 1..words, and each of the n rounds replaces those locals with the
// hash of their big-endian bytes (one padded block: a digest is shorter than a block). No wasm
// toolchain is needed: the bytes are written here.

export const uleb = (value: number): number[] => {
  const out: number[] = [];
  do {
    const byte = value & 0x7f;
    value >>>= 7;
    out.push(value ? byte | 0x80 : byte);
  } while (value);
  return out;
};
export const sleb = (value: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};

/** The i32 opcodes the digests use. */
export const op = {
  add: 0x6a,
  sub: 0x6b,
  and: 0x71,
  or: 0x72,
  xor: 0x73,
  shrU: 0x76,
  rotl: 0x77,
  rotr: 0x78,
} as const;
export const get = (local: number) => [0x20, local];
export const set = (local: number) => [0x21, local];
export const tee = (local: number) => [0x22, local];
export const int = (value: number) => [0x41, ...sleb(value | 0)];
/** Local 1 + i holds digest word i; local 0 is the rounds left. */
export const digestLocal = (i: number) => 1 + i;

export interface DigestSpec {
  /** Digest length in 32-bit words. */
  words: number;
  /** Every local the round uses, the rounds counter and the digest words included. */
  locals: number;
  /** One round: the digest locals in, the digest of their bytes back in the same locals. */
  round: number[];
}

function moduleBytes(spec: DigestSpec): Uint8Array<ArrayBuffer> {
  const words = Array.from({ length: spec.words }, (_, i) => i);
  const code = [
    ...words.flatMap((i) => [...int(0), 0x28, 2, i * 4, ...set(digestLocal(i))]),
    // block; loop; br_if 1 (n == 0)
    ...[0x02, 0x40, 0x03, 0x40, ...get(0), 0x45, 0x0d, 1],
    ...spec.round,
    // n -= 1; br 0; end; end
    ...[...get(0), ...int(1), op.sub, ...set(0), 0x0c, 0, 0x0b, 0x0b],
    ...words.flatMap((i) => [...int(0), ...get(digestLocal(i)), 0x36, 2, i * 4]),
    0x0b,
  ];
  const locals = [1, ...uleb(spec.locals - 1), 0x7f];
  const body = [...uleb(locals.length + code.length), ...locals, ...code];
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'ascii')];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('iterate'), 0, 0, ...name('memory'), 2, 0]),
    ...section(10, [1, ...body]),
  ]);
}

interface DigestExports {
  iterate(rounds: number): void;
  memory: WebAssembly.Memory;
}

/** Rounds per call: the engine moves a function to its optimizing tier between calls, not within one. */
const ROUNDS_PER_CALL = 4096;

/**
 * H^n(input) over the digest's own output, compiled on first use; `spec` is called then. The
 * input must be one digest (words × 4 bytes).
 */
export function iteratedDigest(spec: () => DigestSpec): (input: Buffer, n: number) => Buffer {
  let compiled: DigestExports | undefined;
  let size = 0;
  return (input, n) => {
    if (!compiled) {
      const s = spec();
      compiled = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes(s)))
        .exports as unknown as DigestExports;
      size = s.words;
    }
    const words = new Int32Array(compiled.memory.buffer, 0, size);
    for (let i = 0; i < size; i++) words[i] = input.readInt32BE(i * 4);
    for (let left = n; left > 0; left -= ROUNDS_PER_CALL)
      compiled.iterate(Math.min(left, ROUNDS_PER_CALL));
    const out = Buffer.alloc(size * 4);
    for (let i = 0; i < size; i++) out.writeInt32BE(words[i], i * 4);
    words.fill(0);
    return out;
  };
}
