// The RFC 7523 client assertion D1 expects: a JWT signed ES256 with a kid header, iss = sub = the
// issuerId (merchantGatewayId for eCom, the aggregatorId in an aggregator model), aud = the token
// endpoint, iat, a fresh jti, and exp at most 15 minutes ahead. Signed by the `jose` library with
// the key handed in for this one call (the caller gets it from the vault and drops it).
import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  ASSERTION_DEFAULT_SECONDS,
  ASSERTION_MAX_SECONDS,
  OAUTH_ALGORITHM,
} from '../../../shared/oauth.js';
import { UserError } from '../errors.js';
import { assertEs256Key } from './jwk.js';

export interface AssertionClaims {
  iss: string;
  sub: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
}

export interface AssertionRequest {
  kid: string;
  /** The issuerId / merchantGatewayId (iss and sub). */
  subject: string;
  /** The token endpoint URL. */
  audience: string;
  /** Lifetime in seconds, 1 to 900 (D1: exp at most now + 15 minutes). */
  ttlSeconds?: number;
  now: Date;
}

export function assertionTtl(ttl: number | undefined): number {
  const seconds = ttl ?? ASSERTION_DEFAULT_SECONDS;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > ASSERTION_MAX_SECONDS)
    throw new UserError(
      'bad-input',
      `the assertion lifetime must be a whole number of seconds from 1 to ${ASSERTION_MAX_SECONDS} (D1 refuses an exp more than 15 minutes ahead)`,
      {},
      { id: 'oauth.assertion-ttl', params: { max: ASSERTION_MAX_SECONDS } },
    );
  return seconds;
}

export function assertionAudience(aud: string): string {
  let url: URL;
  try {
    url = new URL(aud);
  } catch {
    throw new UserError(
      'bad-input',
      `the audience "${aud.slice(0, 80)}" is not a URL: give the token endpoint, e.g. https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token`,
      {},
      { id: 'oauth.audience-not-url', params: { value: aud.slice(0, 80) } },
    );
  }
  if (url.protocol !== 'https:')
    throw new UserError(
      'bad-input',
      `the token endpoint ${aud} must be an https:// URL`,
      {},
      { id: 'oauth.not-https', params: { value: aud } },
    );
  return aud;
}

/** Signs the compact JWT; the key is only read by the signing call. */
export async function signAssertion(
  key: KeyObject,
  request: AssertionRequest,
): Promise<{
  jwt: string;
  header: { alg: string; kid: string; typ: string };
  claims: AssertionClaims;
}> {
  assertEs256Key(key);
  const ttl = assertionTtl(request.ttlSeconds);
  const iat = Math.floor(request.now.getTime() / 1000);
  const claims: AssertionClaims = {
    iss: request.subject,
    sub: request.subject,
    aud: assertionAudience(request.audience),
    iat,
    exp: iat + ttl,
    jti: randomUUID(),
  };
  const header = { alg: OAUTH_ALGORITHM, kid: request.kid, typ: 'JWT' };
  const jwt = await new SignJWT({ ...claims }).setProtectedHeader(header).sign(key);
  return { jwt, header, claims };
}
