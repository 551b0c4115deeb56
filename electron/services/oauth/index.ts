// The OAuth signing key of a D1 onboarding: generated in the vault like the client key (EC P-256,
// never exported in plain), with a kid (the RFC 7638 thumbprint unless Thales assigns one),
// renewed and retired like identities; its public part (JWK, PEM, self-signed certificate) goes
// to Thales. Client assertions are signed with the key taken from the vault for that one call.
import {
  kidProblem,
  type OAuthDetail,
  type OAuthKeyView,
  type PublicJwk,
} from '../../../shared/oauth.js';
import type { ProgramProfile } from '../../../shared/programs/schema.js';
import type { AuditLog } from '../audit.js';
import type { Clock } from '../clock.js';
import { UserError } from '../errors.js';
import { currentOAuthKey, type Inventory, type OnboardingRecord } from '../inventory.js';
import { generateKey } from '../keys.js';
import type { Vault } from '../vault/vault.js';
import { signAssertion, type AssertionClaims } from './assertion.js';
import { jwkThumbprint, oauthCertificate, publicJwk, publicKeyPem } from './jwk.js';

export interface OAuthDeps {
  inventory: Inventory;
  vault: Vault;
  audit: AuditLog;
  clock: Clock;
}

export type OAuthState = OAuthDetail;

function oauthProfile(profile: ProgramProfile, record: OnboardingRecord) {
  if (!profile.oauth)
    throw new UserError(
      'bad-input',
      `${profile.displayName} does not use OAuth 2.0 client assertions: only D1 programs do (onboarding ${record.id})`,
      {},
      { id: 'oauth.not-used', params: { program: profile.displayName } },
    );
  return profile.oauth;
}

function unlocked(vault: Vault): void {
  if (!vault.status().unlocked)
    throw new UserError(
      'locked',
      'the vault is locked: unlock it with the master passphrase first',
      {},
      { id: 'vault.locked' },
    );
}

function requireCurrent(record: OnboardingRecord): OAuthKeyView {
  const key = currentOAuthKey(record);
  if (!key)
    throw new UserError(
      'not-found',
      `onboarding ${record.id} has no OAuth signing key yet: make one`,
      { need: 'make-oauth-key', onboardingId: record.id },
      { id: 'oauth.no-key', params: { onboarding: record.id } },
    );
  return key;
}

function checkKid(kid: string): string {
  const problem = kidProblem(kid);
  if (problem)
    throw new UserError(
      'bad-input',
      problem,
      {},
      { id: 'oauth.kid', params: { kid: kid.slice(0, 40) } },
    );
  return kid;
}

/** The program's host (from the recorded Thales endpoint or the environment's default) + the token path. */
export function defaultTokenUrl(
  record: OnboardingRecord,
  profile: ProgramProfile,
  inboundUrl?: string,
): string | null {
  if (!profile.oauth) return null;
  const host = record.assets.TSH_INBOUND_HOST?.host;
  const base =
    inboundUrl ??
    (host
      ? `https://${host.host.includes(':') ? `[${host.host}]` : host.host}${host.port !== null ? `:${host.port}` : ''}/`
      : profile.environments.find((e) => e.id === record.environment)?.inboundEndpoint);
  if (!base) return null;
  try {
    return new URL(profile.oauth.tokenPath, new URL(base).origin).toString();
  } catch {
    return null;
  }
}

export function oauthState(deps: OAuthDeps, onboardingId: string): OAuthState {
  const record = deps.inventory.get(onboardingId);
  const profile = deps.inventory.profileOf(record);
  const recorded = record.oauth?.tokenUrl ?? null;
  return {
    onboardingId: record.id,
    available: profile.oauth !== undefined,
    current: currentOAuthKey(record),
    keys: record.oauth?.keys ?? [],
    tokenUrl: recorded ?? defaultTokenUrl(record, profile),
    tokenUrlRecorded: recorded !== null,
    apiPath: record.oauth?.apiPath ?? null,
    source: profile.oauth?.source ?? null,
  };
}

async function makeKey(
  deps: OAuthDeps,
  record: OnboardingRecord,
  kid: string | undefined,
  predecessorId: string | null,
  beforeStore?: () => void,
): Promise<OAuthKeyView> {
  unlocked(deps.vault);
  if (kid !== undefined) checkKid(kid);
  const now = deps.clock.now();
  const key = await generateKey('ec-p256');
  const thumbprint = await jwkThumbprint(key.privateKey);
  const chosenKid = kid ?? thumbprint;
  const certificatePem = await oauthCertificate(key.privateKey, {
    identifier: record.identifier,
    now,
  });
  beforeStore?.();
  const stored = await deps.vault.addKey(key.privateKey, {
    origin: 'generated',
    // The onboarding's id, as for its client keys: the vault screen shows where the key is used.
    label: record.id,
  });
  const view = deps.inventory.addOAuthKey(record.id, {
    keyId: stored.id,
    kid: chosenKid,
    thumbprint,
    publicKeySha256: stored.publicKeySha256,
    jwk: publicJwk(key.privateKey, chosenKid),
    publicKeyPem: publicKeyPem(key.privateKey),
    certificatePem,
    createdAt: now.toISOString(),
    predecessorId,
    thalesConfirmedAt: null,
  });
  deps.audit.append('oauth.key.created', {
    onboarding: record.id,
    oauthKey: view.id,
    key: stored.id,
    kid: chosenKid,
    thumbprint,
    publicKeySha256: stored.publicKeySha256,
    renews: predecessorId,
  });
  return view;
}

/** The first OAuth signing key of an onboarding (renew makes the next ones). */
export async function generateOAuthKey(
  deps: OAuthDeps,
  request: { onboardingId: string; kid?: string; beforeStore?: () => void },
): Promise<OAuthKeyView> {
  const record = deps.inventory.get(request.onboardingId);
  oauthProfile(deps.inventory.profileOf(record), record);
  const current = currentOAuthKey(record);
  if (current)
    throw new UserError(
      'conflict',
      `onboarding ${record.id} already has the OAuth signing key ${current.id} (kid ${current.kid}): renew it instead`,
      { need: 'renew-oauth-key', onboardingId: record.id },
      { id: 'oauth.key-exists', params: { onboarding: record.id, kid: current.kid } },
    );
  return makeKey(deps, record, request.kid, null, request.beforeStore);
}

/** A new key beside the current one, which stays usable until it is retired (Thales provisions the new one first). */
export async function renewOAuthKey(
  deps: OAuthDeps,
  request: { onboardingId: string; kid?: string; beforeStore?: () => void },
): Promise<OAuthKeyView> {
  const record = deps.inventory.get(request.onboardingId);
  oauthProfile(deps.inventory.profileOf(record), record);
  const previous = requireCurrent(record);
  return makeKey(deps, record, request.kid, previous.id, request.beforeStore);
}

export function retireOAuthKey(
  deps: OAuthDeps,
  request: { onboardingId: string; oauthKeyId: string },
): OAuthKeyView {
  const record = deps.inventory.get(request.onboardingId);
  const inUse = (record.oauth?.keys ?? []).filter((k) => k.retiredAt === null);
  const target = record.oauth?.keys.find((k) => k.id === request.oauthKeyId);
  if (target && target.retiredAt === null && inUse.length === 1)
    throw new UserError(
      'conflict',
      `OAuth key ${request.oauthKeyId} is the only one in use for ${record.id}: renew it first, then retire the old one`,
      {},
      {
        id: 'oauth.only-key-in-use',
        params: { key: request.oauthKeyId, onboarding: record.id },
      },
    );
  const after = deps.inventory.updateOAuthKey(record.id, request.oauthKeyId, (key) => {
    key.retiredAt ??= deps.clock.now().toISOString();
  });
  deps.audit.append('oauth.key.retired', { onboarding: record.id, oauthKey: request.oauthKeyId });
  return after.oauth!.keys.find((k) => k.id === request.oauthKeyId)!;
}

/** Sets the kid Thales assigned (or back to the thumbprint); a new kid needs a new confirmation. */
export function setOAuthKid(
  deps: OAuthDeps,
  request: { onboardingId: string; kid?: string | null },
): OAuthKeyView {
  const record = deps.inventory.get(request.onboardingId);
  const current = requireCurrent(record);
  const kid = request.kid ? checkKid(request.kid) : current.thumbprint;
  const after = deps.inventory.updateOAuthKey(record.id, current.id, (key) => {
    if (key.kid === kid) return;
    key.kid = kid;
    key.jwk = { ...key.jwk, kid };
    key.thalesConfirmedAt = null;
  });
  deps.audit.append('oauth.kid.set', { onboarding: record.id, oauthKey: current.id, kid });
  return after.oauth!.keys.find((k) => k.id === current.id)!;
}

/** Records (or withdraws) that Thales confirmed the public key and kid are provisioned in D1. */
export function confirmOAuthExchange(
  deps: OAuthDeps,
  request: { onboardingId: string; confirmed: boolean },
): OAuthKeyView {
  const record = deps.inventory.get(request.onboardingId);
  const current = requireCurrent(record);
  const after = deps.inventory.updateOAuthKey(record.id, current.id, (key) => {
    key.thalesConfirmedAt = request.confirmed ? deps.clock.now().toISOString() : null;
  });
  deps.audit.append('oauth.exchange.confirmed', {
    onboarding: record.id,
    oauthKey: current.id,
    kid: current.kid,
    confirmed: request.confirmed,
  });
  return after.oauth!.keys.find((k) => k.id === current.id)!;
}

/** Records the token endpoint and the API path the probe uses (null: back to the defaults). */
export function setOAuthEndpoints(
  deps: OAuthDeps,
  request: { onboardingId: string; tokenUrl?: string | null; apiPath?: string | null },
): OAuthState {
  const record = deps.inventory.get(request.onboardingId);
  oauthProfile(deps.inventory.profileOf(record), record);
  if (request.tokenUrl) checkHttpsUrl(request.tokenUrl, 'token endpoint');
  if (request.apiPath && !request.apiPath.startsWith('/'))
    throw new UserError(
      'bad-input',
      `the API path "${request.apiPath.slice(0, 80)}" must start with / (a path on the D1 host, e.g. /banking/v1/...)`,
      {},
      { id: 'probe.api-path', params: { path: request.apiPath.slice(0, 80) } },
    );
  deps.inventory.setOAuthEndpoints(record.id, {
    tokenUrl: request.tokenUrl === undefined ? undefined : request.tokenUrl || null,
    apiPath: request.apiPath === undefined ? undefined : request.apiPath || null,
  });
  deps.audit.append('oauth.endpoints.set', {
    onboarding: record.id,
    tokenUrl: request.tokenUrl ?? null,
    apiPath: request.apiPath ?? null,
  });
  return oauthState(deps, record.id);
}

export function checkHttpsUrl(value: string, what: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || url.protocol !== 'https:' || !url.hostname)
    throw new UserError(
      'bad-input',
      `the ${what} "${value.slice(0, 80)}" is not an https:// URL: give it like https://api.d1-stg.thalescloud.io/authz/v1/oauth2/token`,
      {},
      { id: 'oauth.not-https', params: { value: value.slice(0, 80) } },
    );
  return value;
}

export function oauthJwk(deps: OAuthDeps, onboardingId: string): PublicJwk {
  return requireCurrent(deps.inventory.get(onboardingId)).jwk;
}

/** A compact client assertion for the onboarding's current key; the key leaves the vault only into the signing call. */
export async function oauthAssertion(
  deps: OAuthDeps,
  request: { onboardingId: string; audience: string; ttlSeconds?: number; now?: Date },
): Promise<{ jwt: string; kid: string; claims: AssertionClaims }> {
  const record = deps.inventory.get(request.onboardingId);
  oauthProfile(deps.inventory.profileOf(record), record);
  const current = requireCurrent(record);
  unlocked(deps.vault);
  const signed = await deps.vault.withPrivateKey(current.keyId, (key) =>
    signAssertion(key, {
      kid: current.kid,
      subject: record.identifier,
      audience: request.audience,
      ttlSeconds: request.ttlSeconds,
      now: request.now ?? deps.clock.now(),
    }),
  );
  deps.audit.append('oauth.assertion.signed', {
    onboarding: record.id,
    oauthKey: current.id,
    kid: current.kid,
    aud: signed.claims.aud,
    jti: signed.claims.jti,
    exp: signed.claims.exp,
  });
  return { jwt: signed.jwt, kid: current.kid, claims: signed.claims };
}
