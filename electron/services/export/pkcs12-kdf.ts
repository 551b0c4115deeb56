// RFC 7292 appendix B.2, the PKCS#12 key derivation: no library offers it (Node's crypto has no
// PKCS12KDF, @peculiar/asn1-pfx only describes structures), so it is written here. Its cost is
// the iterated hash A = H(A), 100,000 times and more per derivation: one `createHash` per round
// costs 1–4 µs of object and call overhead for a 0.1 µs hash. SHA-1 (the legacy preset's KDF and
// MAC) iterates in WebAssembly (pkcs12-sha1.ts); SHA-256 (the modern preset's MAC key) in a loop
// that keeps the state in local integers and hashes the one padded block in place. Other digests
// (SHA-224/384/512 MACs in foreign files) use `crypto.hash` round by round. The first hash of
// D || I, many blocks long, is always Node's.
import { createHash, hash as oneShotHash } from 'node:crypto';
import { sha1Iterate } from './pkcs12-sha1.js';

const SHA256_K = Int32Array.from(
  [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ].map((k) => k | 0),
);
/** H^n(input) for SHA-256 over its own 32-byte output. */
function sha256Iterate(input: Buffer, n: number): Buffer {
  const k = SHA256_K;
  const h = new Uint32Array(8);
  for (let i = 0; i < 8; i++) h[i] = input.readUInt32BE(i * 4);
  const w = new Uint32Array(64);
  for (let round = 0; round < n; round++) {
    // One block: the 32-byte digest, the 0x80 pad byte, zeros, and the length (256 bits).
    for (let i = 0; i < 8; i++) w[i] = h[i];
    w[8] = 0x80000000;
    for (let i = 9; i < 15; i++) w[i] = 0;
    w[15] = 256;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (s1 + w[i - 7] + s0 + w[i - 16]) | 0;
    }
    let a = 0x6a09e667 | 0;
    let b = 0xbb67ae85 | 0;
    let c = 0x3c6ef372 | 0;
    let d = 0xa54ff53a | 0;
    let e = 0x510e527f | 0;
    let f = 0x9b05688c | 0;
    let g = 0x1f83d9ab | 0;
    let hh = 0x5be0cd19 | 0;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + k[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (a + 0x6a09e667) | 0;
    h[1] = (b + 0xbb67ae85) | 0;
    h[2] = (c + 0x3c6ef372) | 0;
    h[3] = (d + 0xa54ff53a) | 0;
    h[4] = (e + 0x510e527f) | 0;
    h[5] = (f + 0x9b05688c) | 0;
    h[6] = (g + 0x1f83d9ab) | 0;
    h[7] = (hh + 0x5be0cd19) | 0;
  }
  const out = Buffer.alloc(32);
  for (let i = 0; i < 8; i++) out.writeUInt32BE(h[i], i * 4);
  return out;
}

/** H^n(input), where input is already one digest of `hash`. */
export function iterateHash(hash: string, input: Buffer, n: number): Buffer {
  if (n <= 0) return Buffer.from(input);
  if (hash === 'sha1' && input.length === 20) return sha1Iterate(input, n);
  if (hash === 'sha256' && input.length === 32) return sha256Iterate(input, n);
  let value = input;
  for (let i = 0; i < n; i++) value = oneShotHash(hash, value, 'buffer') as unknown as Buffer;
  return value;
}

/** The password as PKCS#12's key derivation wants it: BMPString (UTF-16BE) with a two-byte terminator. */
function bmpPassword(password: string): Buffer {
  return Buffer.from(password + '\0', 'utf16le').swap16();
}

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (id 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(
  hash: string,
  blockSize: number,
  password: string,
  salt: Buffer,
  id: 1 | 2 | 3,
  iterations: number,
  length: number,
): Buffer {
  const v = blockSize;
  const fill = (data: Buffer): Buffer => {
    if (data.length === 0) return data;
    const out = Buffer.alloc(v * Math.ceil(data.length / v));
    for (let i = 0; i < out.length; i++) out[i] = data[i % data.length];
    return out;
  };
  const D = Buffer.alloc(v, id);
  const pass = bmpPassword(password);
  const I = Buffer.concat([fill(salt), fill(pass)]);
  pass.fill(0);
  const blocks: Buffer[] = [];
  let produced = 0;
  try {
    while (produced < length) {
      const A = iterateHash(hash, createHash(hash).update(D).update(I).digest(), iterations - 1);
      blocks.push(A);
      produced += A.length;
      if (produced >= length) break;
      const B = fill(A);
      for (let j = 0; j < I.length; j += v) {
        let carry = 1;
        for (let k = v - 1; k >= 0; k--) {
          const sum = I[j + k] + B[k] + carry;
          I[j + k] = sum & 0xff;
          carry = sum >> 8;
        }
      }
    }
    return Buffer.concat(blocks).subarray(0, length);
  } finally {
    I.fill(0);
    for (const block of blocks) block.fill(0);
  }
}
