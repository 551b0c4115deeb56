// RFC 7292 appendix B.2, the PKCS#12 key derivation: no library offers it (Node's crypto has no
// PKCS12KDF, @peculiar/asn1-pfx only describes structures), so it is written here. Its cost is
// the iterated hash A = H(A), 100,000 times and more per derivation: one `createHash` per round
// costs 1–4 µs of object and call overhead for a 0.1 µs hash. SHA-1 (the legacy preset's KDF and
// MAC) and SHA-256 (the modern preset's MAC key) iterate in WebAssembly (pkcs12-sha1.ts,
// pkcs12-sha256.ts, over the shared emitter wasm-digest.ts). Other digests
// (SHA-224/384/512 MACs in foreign files) use `crypto.hash` round by round. The first hash of
// D || I, many blocks long, is always Node's.
import { createHash, hash as oneShotHash } from 'node:crypto';
import { sha1Iterate } from './pkcs12-sha1.js';
import { sha256Iterate } from './pkcs12-sha256.js';

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
