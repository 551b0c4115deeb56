// @peculiar/x509 needs reflect-metadata loaded before it, and a WebCrypto to sign and verify with:
// Node's own, so every signature goes through native OpenSSL.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/** A copy typed as the ArrayBuffer-backed view the library's signatures ask for. */
export function asBytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(data);
}
