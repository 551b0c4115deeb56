// The public side of an OAuth signing key: the JWK Thales provisions in D1 (EC P-256, with kid,
// alg ES256 and use sig), its RFC 7638 thumbprint (the default kid), the PEM public key, and a
// self-signed certificate over it for an exchange that asks for a certificate.
import { createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { OAUTH_ALGORITHM, OAUTH_CERTIFICATE_DAYS, type PublicJwk } from '../../../shared/oauth.js';
import { UserError } from '../errors.js';
import { describeKeyObject } from '../facts.js';
import { x509 } from '../x509-provider.js';

/** Refuses anything but an EC P-256 key: D1 accepts ES256 only. */
export function assertEs256Key(key: KeyObject): void {
  const description = describeKeyObject(key);
  if (description.type !== 'ec' || description.curve !== 'P-256')
    throw new UserError(
      'bad-input',
      `D1 client assertions are signed with ES256 only, which needs an EC P-256 key; this key is ${description.type === 'ec' ? `EC ${description.curve}` : `${description.type.toUpperCase()}`}: make the OAuth key in mTLS Desk instead`,
      { need: 'make-oauth-key' },
      {
        id: 'oauth.key-not-p256',
        params: {
          algorithm:
            description.type === 'ec'
              ? `EC ${description.curve}`
              : `${description.type.toUpperCase()}`,
        },
      },
    );
}

/** The EC public coordinates (no private member, whatever key is given). */
export function publicCoordinates(key: KeyObject | string): { x: string; y: string } {
  const jwk = createPublicKey(key).export({ format: 'jwk' }) as {
    crv?: string;
    x?: string;
    y?: string;
  };
  if (jwk.crv !== 'P-256' || !jwk.x || !jwk.y)
    throw new UserError(
      'bad-input',
      'the OAuth signing key must be an EC P-256 key',
      {},
      { id: 'oauth.key-not-ec' },
    );
  return { x: jwk.x, y: jwk.y };
}

/** RFC 7638: base64url SHA-256 over the required members {crv, kty, x, y} in order. */
export function jwkThumbprint(key: KeyObject | string): Promise<string> {
  const { x, y } = publicCoordinates(key);
  return calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }, 'sha256');
}

export function publicJwk(key: KeyObject | string, kid: string): PublicJwk {
  const { x, y } = publicCoordinates(key);
  return { kty: 'EC', crv: 'P-256', x, y, kid, alg: OAUTH_ALGORITHM, use: 'sig' };
}

export function publicKeyPem(key: KeyObject | string): string {
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string;
}

/** A self-signed certificate over the OAuth public key: digitalSignature only, not a TLS identity. */
export async function oauthCertificate(
  privateKey: KeyObject,
  options: { identifier: string; now: Date },
): Promise<string> {
  assertEs256Key(privateKey);
  const subtle = webcrypto.subtle;
  const params = { name: 'ECDSA', namedCurve: 'P-256' };
  const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  let signing: CryptoKey;
  try {
    signing = await subtle.importKey('pkcs8', pkcs8, params, false, ['sign']);
  } finally {
    pkcs8.fill(0);
  }
  const verifying = await subtle.importKey(
    'spki',
    createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    params,
    true,
    ['verify'],
  );
  const keys = { privateKey: signing, publicKey: verifying } as CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  serial[0] |= 0x01;
  const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
  const ski = await x509.SubjectKeyIdentifierExtension.create(verifying);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    // The kid is not in the certificate: Thales may assign another one later.
    name: new x509.Name([{ CN: [{ utf8String: `OAuth signing key ${options.identifier}` }] }]),
    notBefore,
    notAfter: new Date(notBefore.getTime() + OAUTH_CERTIFICATE_DAYS * 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(ski.keyId),
    ],
  });
  return certificate.toString('pem') + '\n';
}
