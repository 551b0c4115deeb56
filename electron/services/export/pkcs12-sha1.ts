// The PKCS#12 KDF's iterated SHA-1 (A = H(A), 100,000 times and more per derivation) as a small
// WebAssembly function, emitted here from the FIPS 180-4 steps: the 80 steps unrolled, the working
// variables renamed step by step and the message schedule in sixteen locals, so the engine keeps
// everything in registers. About twice as fast as the same rounds in JavaScript over an
// Int32Array, on par with OpenSSL's own PKCS12KDF, and checked against Node's SHA-1 in
// test/unit/pkcs12-kdf.test.ts. The module's shape and encodings: wasm-digest.ts.
import { digestLocal as H, get, int, iteratedDigest, op, set } from './wasm-digest.js';

// Locals: 0 the rounds left, 1-5 the digest h0..h4, 6-10 the working variables a..e, 11-26 the
// schedule w0..w15.
const V = (i: number) => 6 + i;
const W = (i: number) => 11 + i;
const { add: ADD, and: AND, or: OR, xor: XOR, rotl: ROTL } = op;
const IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const K = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6];

/** Step i: the schedule word (from step 16), then e += rotl5(a) + f(b, c, d) + w + K; b = rotl30(b). */
function step(i: number): number[] {
  const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((role) => V((((role - i) % 5) + 5) % 5));
  const s = i % 16;
  const schedule =
    i < 16
      ? []
      : [
          ...[13, 8, 2].flatMap((back, n) => [...get(W((i + back) % 16)), ...(n ? [XOR] : [])]),
          ...get(W(s)),
          XOR,
          ...int(1),
          ROTL,
          ...set(W(s)),
        ];
  const f =
    i < 20
      ? [...get(b), ...get(c), AND, ...get(b), ...int(-1), XOR, ...get(d), AND, OR]
      : i < 40 || i >= 60
        ? [...get(b), ...get(c), XOR, ...get(d), XOR]
        : [...get(b), ...get(c), AND, ...get(b), ...get(d), AND, OR, ...get(c), ...get(d), AND, OR];
  return [
    ...schedule,
    ...[...get(a), ...int(5), ROTL, ...f, ADD, ...get(e), ADD, ...get(W(s)), ADD],
    ...[...int(K[Math.floor(i / 20)]), ADD, ...set(e)],
    ...[...get(b), ...int(30), ROTL, ...set(b)],
  ];
}

/** One round over the digest h0..h4 (the 20-byte digest, padded to one block). */
function round(): number[] {
  const words = [0, 1, 2, 3, 4];
  return [
    // One block: the digest, the 0x80 pad byte, zeros, and the length (160 bits).
    ...words.flatMap((i) => [...get(H(i)), ...set(W(i))]),
    ...[...int(0x80000000), ...set(W(5))],
    ...[6, 7, 8, 9, 10, 11, 12, 13, 14].flatMap((i) => [...int(0), ...set(W(i))]),
    ...[...int(160), ...set(W(15))],
    ...words.flatMap((i) => [...int(IV[i]), ...set(V(i))]),
    ...Array.from({ length: 80 }, (_, i) => step(i)).flat(),
    ...words.flatMap((i) => [...get(H(i)), ...get(V(i)), ...int(IV[i]), ADD, ...set(H(i))]),
  ];
}

/** H^n(input) for SHA-1 over its own 20-byte output (input is one digest). */
export const sha1Iterate = iteratedDigest(() => ({ words: 5, locals: 27, round: round() }));
