// The PKCS#12 KDF's iterated SHA-256 (the modern preset's MAC key: A = H(A), 100,000 times and
// more) as a small WebAssembly function, emitted here from the FIPS 180-4 steps as pkcs12-sha1.ts
// does for SHA-1: the 64 rounds unrolled, the working variables renamed round by round instead of
// moved, and the message schedule in sixteen locals, so the engine keeps everything in registers.
// Checked against Node's SHA-256 in test/unit/pkcs12-kdf.test.ts. The module's shape and
// encodings: wasm-digest.ts.
import { digestLocal as H, get, int, iteratedDigest, op, set, tee } from './wasm-digest.js';

// Locals: 0 the rounds left, 1-8 the digest h0..h7, 9-16 the working variables a..h, 17-32 the
// schedule w0..w15, 33 the round's T1.
const V = (i: number) => 9 + i;
const W = (i: number) => 17 + i;
const T1 = 33;
const { add: ADD, and: AND, or: OR, xor: XOR, shrU: SHR, rotr: ROTR } = op;
const IV = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];
const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

/** The XOR of x rotated right by r0 and r1, and x rotated (or, with `shift`, shifted) right by r2. */
function mix(x: number, [r0, r1, r2]: number[], shift = false): number[] {
  return [
    ...[...get(x), ...int(r0), ROTR, ...get(x), ...int(r1), ROTR, XOR],
    ...[...get(x), ...int(r2), shift ? SHR : ROTR, XOR],
  ];
}

/**
 * Round i: the schedule word (from round 16), T1 = h + Σ1(e) + Ch(e, f, g) + K + w, then d += T1
 * and h = T1 + Σ0(a) + Maj(a, b, c); the next round reads h's local as a and d's as e.
 */
function step(i: number): number[] {
  const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map((role) => V((role - i + 64) % 8));
  const s = i % 16;
  const w = (back: number) => W((i - back + 16) % 16);
  const schedule =
    i < 16
      ? []
      : [
          // w[i] = σ1(w[i-2]) + w[i-7] + σ0(w[i-15]) + w[i-16]
          ...mix(w(2), [17, 19, 10], true),
          ...get(w(7)),
          ADD,
          ...mix(w(15), [7, 18, 3], true),
          ADD,
          ...get(W(s)),
          ADD,
          ...set(W(s)),
        ];
  return [
    ...schedule,
    ...[...get(h), ...mix(e, [6, 11, 25]), ADD],
    // Ch(e, f, g) = g ^ (e & (f ^ g))
    ...[...get(g), ...get(e), ...get(f), ...get(g), XOR, AND, XOR, ADD],
    ...[...int(K[i]), ADD, ...get(W(s)), ADD, ...tee(T1)],
    ...[...get(d), ADD, ...set(d)],
    // Maj(a, b, c) = (a & b) | (c & (a | b))
    ...[...get(T1), ...mix(a, [2, 13, 22]), ADD],
    ...[...get(a), ...get(b), AND, ...get(c), ...get(a), ...get(b), OR, AND, OR, ADD, ...set(h)],
  ];
}

/** One round over the digest h0..h7 (the 32-byte digest, padded to one block). */
function round(): number[] {
  const words = [0, 1, 2, 3, 4, 5, 6, 7];
  return [
    // One block: the digest, the 0x80 pad byte, zeros, and the length (256 bits).
    ...words.flatMap((i) => [...get(H(i)), ...set(W(i))]),
    ...[...int(0x80000000), ...set(W(8))],
    ...[9, 10, 11, 12, 13, 14].flatMap((i) => [...int(0), ...set(W(i))]),
    ...[...int(256), ...set(W(15))],
    ...words.flatMap((i) => [...int(IV[i]), ...set(V(i))]),
    ...Array.from({ length: 64 }, (_, i) => step(i)).flat(),
    // After 64 renamings (a multiple of 8) every working variable is back in its own local.
    ...words.flatMap((i) => [...get(H(i)), ...get(V(i)), ...int(IV[i]), ADD, ...set(H(i))]),
  ];
}

/** H^n(input) for SHA-256 over its own 32-byte output (input is one digest). */
export const sha256Iterate = iteratedDigest(() => ({ words: 8, locals: 34, round: round() }));
