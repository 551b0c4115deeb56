// D1 OAuth 2.0, the rules in one place (pure: the CLI, main, the renderer and tests read them).
// Inbound (your backend -> D1): an RFC 7523 JWT bearer assertion signed ES256 with a `kid`,
// iss = sub = the issuerId (merchantGatewayId for eCom), aud = the token endpoint, exp at most
// 15 minutes ahead, exchanged at the D1 token endpoint for a 15-minute access token.
// Outbound (D1 -> you, Push Provisioning): D1 calls your /authz/d1/v1/oauth2/token with HTTP Basic
// client credentials and the client_credentials grant.

/** The only signature algorithm D1 accepts for client assertions. */
export const OAUTH_ALGORITHM = 'ES256';
/** D1 refuses an assertion whose exp is more than 15 minutes ahead. */
export const ASSERTION_MAX_SECONDS = 15 * 60;
/** What the probe and `oauth assertion` use unless told otherwise. */
export const ASSERTION_DEFAULT_SECONDS = 5 * 60;
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** A server Date further than this from ours is reported as clock skew. */
export const CLOCK_SKEW_TOLERANCE_SECONDS = 30;
/** The bundle's to-Thales asset for the public part of the OAuth signing key. */
export const OAUTH_PUBLIC_KEY_ASSET = 'OAUTH_SIGNING_PUBLIC_KEY';
/** Its three files: the JWK (with kid and alg), the PEM public key, a self-signed certificate over it. */
export const OAUTH_BUNDLE_FILES = {
  jwk: `${OAUTH_PUBLIC_KEY_ASSET}.jwk.json`,
  pem: `${OAUTH_PUBLIC_KEY_ASSET}.pem`,
  certificate: `${OAUTH_PUBLIC_KEY_ASSET}.crt.pem`,
} as const;
/** Validity of the self-signed certificate over the OAuth public key (for an exchange that asks for a certificate). */
export const OAUTH_CERTIFICATE_DAYS = 730;

/** Printable ASCII without spaces or quotes, 1 to 128 characters: what a JOSE `kid` can safely be in every tool. */
const KID = /^[A-Za-z0-9._~:@+=/-]{1,128}$/;

export function kidProblem(kid: string): string | null {
  return KID.test(kid)
    ? null
    : `the kid "${kid.slice(0, 40)}" is not usable: use 1 to 128 letters, digits or . _ ~ : @ + = / - (as Thales assigned it, or leave it out for the RFC 7638 thumbprint)`;
}

/** A public EC P-256 JWK as sent to Thales. */
export interface PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg: typeof OAUTH_ALGORITHM;
  use: 'sig';
}

/** The public view of an OAuth signing key (never the key itself). */
export interface OAuthKeyView {
  id: string;
  /** The key's id in the vault. */
  keyId: string;
  kid: string;
  /** The RFC 7638 JWK thumbprint (base64url SHA-256); the default kid. */
  thumbprint: string;
  publicKeySha256: string;
  jwk: PublicJwk;
  publicKeyPem: string;
  certificatePem: string;
  createdAt: string;
  predecessorId: string | null;
  retiredAt: string | null;
  /** When the person recorded that Thales confirmed the key (and kid) is provisioned in D1. */
  thalesConfirmedAt: string | null;
}

/** The OAuth state of an onboarding, as the app and `oauth show --json` give it (public facts only). */
export interface OAuthDetail {
  onboardingId: string;
  /** Whether the program uses OAuth 2.0 (D1). */
  available: boolean;
  current: OAuthKeyView | null;
  keys: OAuthKeyView[];
  /** The token endpoint the probe uses by default (recorded or the program's), null when unknown. */
  tokenUrl: string | null;
  /** Whether tokenUrl was recorded on the onboarding (else it is the program's default). */
  tokenUrlRecorded: boolean;
  apiPath: string | null;
  /** Where the default token path comes from. */
  source: string | null;
}
