// The probes of one onboarding: its client identity from the vault (the key is decrypted for this
// one TLS context and never leaves the process), its Thales endpoint and server chain for the
// inbound test, and its ISSUER_HOST, registered chain and Thales Client CA for the outbound check.
import type { Desk } from '../desk.js';
import { UserError } from '../errors.js';
import { isPkcs11Uri, TOKEN_TLS_IN_APP } from '../../../shared/pkcs11.js';
import { engineKeyIdentifier } from '../token/token.js';
import type { HostValue } from '../inventory.js';
import { fromPem } from '../pem.js';
import type { ClientIdentity } from './client-identity.js';
import type { InboundProbeRequest } from './inbound.js';
import type { OutboundCheckRequest } from './outbound.js';
import { parseHostPort, parseProbeUrl } from './target.js';
import { chainEntry } from './tls-evidence.js';
import { currentOAuthKey } from '../inventory.js';
import { checkHttpsUrl } from '../oauth/index.js';
import type { OAuthProbeConfig } from '../oauth/probe-steps.js';

type View = ReturnType<Desk['onboardings']['get']>;

function pemOf(certificates: Array<{ pem: string }> | undefined): string | undefined {
  return certificates && certificates.length > 0
    ? certificates.map((c) => c.pem).join('')
    : undefined;
}

function hostUrl(host: HostValue): string {
  const name = host.host.includes(':') ? `[${host.host}]` : host.host;
  return `https://${name}${host.port !== null ? `:${host.port}` : ''}${host.basePath}`;
}

/** How this process reaches a token key in TLS: OpenSSL's pkcs11 engine and the user PIN (the CLI). */
export interface TokenTls {
  engine: string;
  pin: string;
}

export async function onboardingIdentity(
  desk: Desk,
  view: View,
  tokenTls?: TokenTls,
  /** The endpoint the test would call, for the command lines offered instead (a token key in the app). */
  url = 'https://HOST/PATH',
): Promise<ClientIdentity> {
  const current = view.current;
  const certificate = current?.certificate;
  if (!current || !certificate) {
    throw new UserError(
      'not-found',
      `${view.identifier} has no client certificate yet: ${current ? 'import the certificate Thales signed first' : 'make the client identity first'}`,
      {},
      {
        id: 'probe.no-certificate',
        params: { identifier: view.identifier, csr: current ? 'yes' : 'no' },
      },
    );
  }
  if (isPkcs11Uri(current.keyId)) {
    if (!tokenTls) {
      throw new UserError(
        'bad-input',
        TOKEN_TLS_IN_APP,
        {
          need: 'token-tls-cli',
          onboardingId: view.id,
          keyId: current.keyId,
          url,
          module: current.tokenModule,
        },
        { id: 'probe.token-tls-in-app' },
      );
    }
    return {
      credentials: {
        certPem: [certificate.pem, ...current.issuerChain.map((c) => c.pem)].join(''),
        engine: {
          engine: tokenTls.engine,
          identifier: engineKeyIdentifier(current.keyId, tokenTls.pin),
        },
      },
      certificate: chainEntry(fromPem('CERTIFICATE', certificate.pem)),
      keyMatchesCertificate: current.publicKeySha256 === certificate.publicKeySha256,
      source: `token key ${current.keyId}`,
    };
  }
  const key = await desk.vault.withPrivateKey(current.keyId, (decrypted) => decrypted);
  return {
    credentials: {
      certPem: [certificate.pem, ...current.issuerChain.map((c) => c.pem)].join(''),
      key,
    },
    certificate: chainEntry(fromPem('CERTIFICATE', certificate.pem)),
    keyMatchesCertificate: current.publicKeySha256 === certificate.publicKeySha256,
    source: `vault key ${current.keyId}`,
  };
}

/**
 * The OAuth steps of an onboarding's probe, when it has an OAuth signing key: the token endpoint
 * given, else the one recorded on the onboarding, else the probe host + the program's token path.
 */
export function oauthProbeOf(
  desk: Desk,
  onboardingId: string,
  endpoint: string,
  options: { tokenUrl?: string; apiPath?: string } = {},
): OAuthProbeConfig | undefined {
  const view = desk.onboardings.get(onboardingId);
  const profile = desk.catalog.get(view.program);
  if (options.tokenUrl !== undefined) checkHttpsUrl(options.tokenUrl, 'token endpoint');
  if (options.apiPath !== undefined && !options.apiPath.startsWith('/'))
    throw new UserError(
      'bad-input',
      `the API path "${options.apiPath.slice(0, 80)}" must start with / (a path on the probe's host)`,
      {},
      { id: 'probe.api-path', params: { path: options.apiPath.slice(0, 80) } },
    );
  if (!profile.oauth || !currentOAuthKey(view.record)) {
    if (options.tokenUrl !== undefined || options.apiPath !== undefined)
      throw new UserError(
        'bad-input',
        profile.oauth
          ? `${view.identifier} has no OAuth signing key yet, and Thales provisions it before an OAuth test: make one`
          : `${profile.displayName} does not use OAuth 2.0: leave out the token endpoint and the API path`,
        profile.oauth ? { need: 'make-oauth-key', onboardingId: view.id } : { need: 'no-oauth' },
        profile.oauth
          ? { id: 'probe.no-oauth-key', params: { identifier: view.identifier } }
          : { id: 'probe.no-oauth', params: { program: profile.displayName } },
      );
    return undefined;
  }
  const tokenUrl =
    options.tokenUrl ??
    view.record.oauth?.tokenUrl ??
    new URL(profile.oauth.tokenPath, new URL(endpoint).origin).toString();
  return {
    tokenUrl,
    apiPath: options.apiPath ?? view.record.oauth?.apiPath ?? undefined,
    sign: (audience, now) => desk.oauth.assertion({ onboardingId: view.id, audience, now }),
  };
}

/** The inbound probe of an onboarding; `url` overrides its Thales endpoint. Needs the vault unlocked. */
export async function inboundProbeOf(
  desk: Desk,
  onboardingId: string,
  url?: string,
  oauthOptions: { tokenUrl?: string; apiPath?: string } = {},
  tokenTls?: TokenTls,
): Promise<Pick<InboundProbeRequest, 'target' | 'identity' | 'trustPem' | 'profile' | 'oauth'>> {
  const view = desk.onboardings.get(onboardingId);
  const profile = desk.catalog.get(view.program);
  const assets = view.record.assets;
  const endpoint =
    url ??
    (assets.TSH_INBOUND_HOST?.host ? hostUrl(assets.TSH_INBOUND_HOST.host) : null) ??
    profile.environments.find((e) => e.id === view.environment)?.inboundEndpoint;
  if (!endpoint)
    throw new UserError(
      'not-found',
      `${view.identifier} has no Thales endpoint yet: import TSH_INBOUND_HOST, or give the URL`,
      {},
      { id: 'probe.no-endpoint', params: { identifier: view.identifier } },
    );
  const serverChain = pemOf(assets.TSH_TLS_SERVER_CERTIFICATE_CHAIN?.certificates);
  const target = parseProbeUrl(endpoint);
  const oauth = oauthProbeOf(desk, view.id, target.url, oauthOptions);
  return {
    target,
    identity: await onboardingIdentity(desk, view, tokenTls, target.url),
    trustPem: serverChain ? [serverChain] : undefined,
    profile,
    ...(oauth ? { oauth } : {}),
  };
}

/** The outbound readiness check of an onboarding; `target` (host:port) overrides its ISSUER_HOST. */
export function outboundCheckOf(
  desk: Desk,
  onboardingId: string,
  target?: string,
): Pick<
  OutboundCheckRequest,
  'host' | 'port' | 'registeredChainPem' | 'clientCaPem' | 'thalesClientCertificatePem' | 'profile'
> {
  const view = desk.onboardings.get(onboardingId);
  const assets = view.record.assets;
  const issuerHost = assets.ISSUER_HOST?.host;
  const host =
    target !== undefined
      ? parseHostPort(target)
      : issuerHost
        ? { host: issuerHost.host, port: issuerHost.port ?? 443 }
        : null;
  if (!host)
    throw new UserError(
      'not-found',
      `${view.identifier} has no ISSUER_HOST yet: import it, or give host:port`,
      {},
      { id: 'probe.no-issuer-host', params: { identifier: view.identifier } },
    );
  return {
    ...host,
    registeredChainPem: pemOf(assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN?.certificates),
    clientCaPem: pemOf(assets.THALES_CLIENT_CA?.certificates),
    thalesClientCertificatePem: pemOf(assets.TSH_TLS_CLIENT_CERTIFICATE?.certificates),
    profile: desk.catalog.get(view.program),
  };
}
