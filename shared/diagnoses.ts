// Every diagnosis the live tests can give: a stable id, the cause in plain words and the fix. The
// probes only pick an id; the words live here, once, for the CLI, the report and the app.
// Also the plain, JSON-serializable shapes of probe results (they cross IPC unchanged).
import type { Need } from './needs.js';
import type { ProbeText } from './i18n/probe-steps.js';

export const DIAGNOSIS_IDS = [
  'ok',
  'dns-not-found',
  'dns-hosts-file-pin',
  'ip-literal',
  'tcp-refused',
  'tcp-timeout',
  'tls-no-response',
  'not-tls',
  'tls-version-too-low',
  'tls-no-common-cipher',
  'tls-handshake-failed',
  'client-cert-required',
  'client-cert-not-trusted',
  'client-cert-expired',
  'key-cert-mismatch',
  'server-cert-untrusted',
  'server-root-untrusted',
  'server-chain-incomplete',
  'server-chain-misordered',
  'server-chain-too-long',
  'server-chain-too-large',
  'server-chain-mismatch',
  'server-cert-expired',
  'server-hostname-mismatch',
  'unexpected-server-ca',
  'program-root-unavailable',
  'mtls-not-enforced',
  'server-trusts-foreign-client',
  'client-ca-not-listed',
  'client-leaf-pinned',
  'tls-legacy-accepted',
  'tls13-not-accepted',
  'tls12-not-accepted',
  'port-unusual',
  'http-error',
  'probe-cancelled',
  'oauth-token-endpoint-not-found',
  'oauth-invalid-client',
  'oauth-invalid-grant',
  'oauth-assertion-expired',
  'oauth-clock-skew',
  'oauth-unsupported-algorithm',
  'oauth-token-error',
  'oauth-token-refused',
  'token-endpoint-accepts-no-credentials',
  'token-endpoint-accepts-wrong-credentials',
  'token-endpoint-refuses-credentials',
  'token-endpoint-bad-answer',
] as const;

export type DiagnosisId = (typeof DIAGNOSIS_IDS)[number];

export interface DiagnosisText {
  /** Short title for a list. */
  title: string;
  /** What is wrong, in plain words. */
  cause: string;
  /** What to do about it (in words for any caller: the CLI adds its options for `need`). */
  fix: string;
  /** What the fix asks for, as data (shared/needs.ts). */
  need?: Need;
}

export const DIAGNOSES: Record<DiagnosisId, DiagnosisText> = {
  ok: {
    title: 'Connection works',
    cause:
      'Every step passed: the name resolves, TLS works with the versions the program requires, and the certificates on both sides are accepted as they should be.',
    fix: 'Nothing to do.',
  },
  'dns-not-found': {
    title: 'Host name not found',
    cause: 'DNS has no address for this host name, so nothing can connect to it.',
    fix: 'Check the host name for typos against the one given in the Thales portal (TSH_INBOUND_HOST) or onboarding, and that this machine uses a DNS server that can resolve public names.',
  },
  'dns-hosts-file-pin': {
    title: 'Host pinned in the hosts file',
    cause:
      'The system resolver returns an address that DNS does not: the host is pinned locally (hosts file or a local override). Thales has no static IPs, so a pin breaks without warning.',
    fix: 'Remove the entry for this host from the hosts file (/etc/hosts, C:\\Windows\\System32\\drivers\\etc\\hosts) and let DNS resolve it, never caching longer than the DNS TTL.',
  },
  'ip-literal': {
    title: 'IP address instead of a host name',
    cause:
      'The target is an IP address. Thales has no static IPs: the address changes without notice, and the server certificate names the host, not the IP.',
    fix: 'Use the host name from the Thales portal or onboarding and resolve it through DNS on every connection.',
  },
  'tcp-refused': {
    title: 'Connection refused',
    cause:
      'The address answered but nothing listens on that port (or a firewall actively rejects the connection).',
    fix: 'Check the port number; on your own server, check the service is running and listening on that port and address.',
  },
  'tcp-timeout': {
    title: 'Connection timed out',
    cause:
      'No answer at all to the connection attempt: a firewall drops the packets, the route is blocked, or the server is overloaded.',
    fix: 'Check outbound firewall and proxy rules from this machine to the host and port (public internet access is required; Thales does not allow-list IPs).',
  },
  'tls-no-response': {
    title: 'No TLS answer',
    cause:
      'The connection opened but the server did not complete the TLS handshake in time (it said nothing, answered too slowly, or closed the connection).',
    fix: 'Check that the port serves TLS and that no proxy or inspection device holds the connection; retry, and check the server logs at the time of the test.',
  },
  'not-tls': {
    title: 'Not a TLS server',
    cause:
      'Something answered on this port, but not with TLS (for example plain HTTP, or another protocol).',
    fix: 'Use the TLS (https) port, usually 443 or 8443, and check no proxy answers in clear text.',
  },
  'tls-version-too-low': {
    title: 'TLS version too old',
    cause:
      'The server and this client share no TLS version of 1.2 or higher; Thales requires TLS 1.2 or later.',
    fix: 'Enable TLS 1.2 and 1.3 on the server (and disable 1.0 and 1.1).',
  },
  'tls-no-common-cipher': {
    title: 'No cipher suite in common',
    cause:
      'The server refused the TLS hello before choosing a cipher suite: it allows none of the cipher suites, key exchange groups or signature algorithms this client offers (TLS 1.2 with ECDHE and AES-GCM, and TLS 1.3).',
    fix: 'Enable the modern suites on the server: for TLS 1.2, ECDHE-ECDSA or ECDHE-RSA with AES-GCM (for example TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), the P-256 and X25519 groups, and TLS 1.3 with its default suites.',
  },
  'tls-handshake-failed': {
    title: 'TLS handshake failed',
    cause:
      'The TLS handshake failed and nothing the server showed names a cause: no alert about a certificate, version or cipher, no refusal at a step that would tell. The step says what was seen: the last message the server sent, its alert, the bytes received.',
    fix: "Check the server's TLS log at the time of the test with what the step observed; compare the TLS versions, cipher suites and signature algorithms both sides allow.",
  },
  'client-cert-required': {
    title: 'Client certificate required',
    cause: 'The server requires a client certificate and none was sent.',
    fix: 'Send the client certificate with its private key (or its PKCS#12 file), and configure your HTTP client to send it.',
  },
  'client-cert-not-trusted': {
    title: 'Client certificate refused',
    cause:
      'The server received your client certificate but does not trust it (unknown CA, not endorsed in the portal, or not the certificate it expects).',
    fix: 'Check that this exact certificate was endorsed in the Thales portal (or signed by the Thales CA for D1) for this environment, and that you use the key that goes with it.',
  },
  'client-cert-expired': {
    title: 'Client certificate expired',
    cause: 'The client certificate is outside its validity period (expired, or not yet valid).',
    fix: 'Renew the client certificate (new key, new certificate or CSR) and have it endorsed or signed again before switching.',
  },
  'key-cert-mismatch': {
    title: 'Key does not match the certificate',
    cause:
      'The private key given is not the key of the client certificate, so no TLS handshake can succeed with them.',
    fix: 'Give the key file that was used to make this certificate or CSR.',
  },
  'server-cert-untrusted': {
    title: 'Server certificate not trusted',
    cause:
      'The server certificate does not chain to a trusted root (the Thales server chain you imported, or the system roots).',
    fix: 'Trust the server chain Thales gave you (TSH_TLS_SERVER_CERTIFICATE_CHAIN); if it already is, a proxy may be intercepting TLS.',
  },
  'server-root-untrusted': {
    title: 'Server under a private root not trusted here',
    cause:
      'The server sends its whole chain, up to its root, and that root is not one trusted here: it is a private or company CA (not a public root), or a proxy re-signing TLS.',
    fix: 'If you expect this private root, trust it (its certificate from whoever runs the server) and test again; if you do not, check the address: a proxy may be re-signing TLS.',
  },
  'server-chain-incomplete': {
    title: 'Server chain incomplete',
    cause:
      'The server sends its certificate without the CA that issued it, and that CA is not trusted here: the server omits its intermediate CA, or (when nothing is missing) its certificate comes straight from a private root that is not trusted here.',
    fix: 'Configure the server to send the full chain: its certificate first, then every intermediate up to (not including) the root; if its certificate comes straight from a private root, trust that root.',
  },
  'server-chain-misordered': {
    title: 'Server chain out of order',
    cause:
      'The server sends its chain in the wrong order or with certificates that do not belong to it; strict clients refuse it.',
    fix: 'Send the server certificate first, then each issuer in turn, and nothing else.',
  },
  'server-chain-too-long': {
    title: 'Server chain too long',
    cause:
      'The server sends far more certificates than a chain needs; clients may refuse it and it slows every handshake.',
    fix: 'Send only the server certificate and its intermediates (usually 2 or 3 certificates).',
  },
  'server-chain-too-large': {
    title: 'Server chain too large to accept',
    cause:
      'The server sends a certificate chain bigger than TLS clients accept (OpenSSL and BoringSSL stop at about 100 KB), so the handshake ends before the client certificate is even discussed.',
    fix: 'Configure the server to send only its own certificate and the intermediates (a few KB), not a whole CA bundle.',
  },
  'server-chain-mismatch': {
    title: 'Server chain differs from the one registered',
    cause:
      'The chain the server sends is not the chain registered with Thales, which endorses (pins) it.',
    fix: 'Either configure the server with the registered chain, or register the new chain in the Thales portal before switching.',
  },
  'server-cert-expired': {
    title: 'Server certificate expired',
    cause: 'A certificate in the server chain is outside its validity period.',
    fix: 'Renew the server certificate (or the intermediate) and install it; for your own server, tell Thales before the chain changes.',
  },
  'server-hostname-mismatch': {
    title: 'Host name not in the certificate',
    cause: 'The server certificate does not cover the host name used to connect.',
    fix: 'Connect with the host name the certificate names; for your own server, issue a certificate whose SAN covers the host Thales calls (ISSUER_HOST).',
  },
  'unexpected-server-ca': {
    title: 'Not the documented server CA',
    cause:
      'The server chain does not come from the CA documented for this Thales program: Thales may have moved to another CA (the documented TSH CA chains to a root Mozilla no longer trusts), or you are talking to another server, or through a TLS-intercepting proxy.',
    fix: 'Confirm with your Thales representative which CA its servers use now; check the host name and environment, and that no proxy re-signs TLS between you and Thales.',
  },
  'program-root-unavailable': {
    title: "Program's root not available here",
    cause:
      "The server chain runs through the CA documented for this Thales program, but the root that CA chains to is not among the roots trusted here (the documented TSH/TMG root left Mozilla's TLS trust in April 2026), so the chain could not be verified up to a root.",
    fix: 'Import the Thales server chain from the portal (TSH_TLS_SERVER_CERTIFICATE_CHAIN), or trust that root as a CA file, and test again; ask your Thales representative which root its servers chain to now.',
    need: 'trust-ca-file',
  },
  'mtls-not-enforced': {
    title: 'Mutual TLS not enforced',
    cause: 'Your server accepted a connection without any client certificate: anyone can call it.',
    fix: 'Require client certificates (for example nginx "ssl_verify_client on", Apache "SSLVerifyClient require") and trust only the Thales Client CA.',
  },
  'server-trusts-foreign-client': {
    title: 'Server trusts an unknown client',
    cause:
      'Your server accepted a throwaway client certificate from a CA it should not trust: it trusts too much or checks nothing.',
    fix: 'Make the server trust only the Thales Client CA (for example nginx "ssl_client_certificate thales-client-ca.pem" with "ssl_verify_client on").',
  },
  'client-ca-not-listed': {
    title: 'Thales Client CA not listed',
    cause:
      'The server does not name the Thales Client CA among the CAs it accepts, so it will likely refuse the Thales client certificate.',
    fix: "Add the Thales Client CA (downloaded from the portal or shared during onboarding) to the server's client trust store.",
  },
  'client-leaf-pinned': {
    title: 'Client certificate pinned',
    cause:
      'The server trusts a client (leaf) certificate where the Thales Client CA belongs; Thales rotates its client certificate without notice, which will break the pin.',
    fix: 'Trust the Thales Client CA instead of the Thales client certificate itself.',
  },
  'tls-legacy-accepted': {
    title: 'TLS 1.0 or 1.1 accepted',
    cause: 'The server still accepts TLS 1.0 or 1.1, which are obsolete and insecure.',
    fix: 'Disable TLS 1.0 and 1.1 (for example nginx "ssl_protocols TLSv1.2 TLSv1.3;").',
  },
  'tls13-not-accepted': {
    title: 'TLS 1.3 not accepted',
    cause: 'The server does not accept TLS 1.3; TLS 1.2 works, but 1.3 is faster and recommended.',
    fix: 'Enable TLS 1.3 alongside 1.2.',
  },
  'tls12-not-accepted': {
    title: 'TLS 1.2 not accepted',
    cause:
      'The server accepts only TLS 1.3; Thales requires TLS 1.2 or later, so a Thales client that uses TLS 1.2 could not connect.',
    fix: 'Enable TLS 1.2 alongside 1.3 unless Thales has confirmed it calls with TLS 1.3.',
  },
  'port-unusual': {
    title: 'Unusual port',
    cause:
      'Thales calls your server on port 443 (preferred) or 8443; another port may not be reachable from Thales.',
    fix: 'Serve the API on port 443 or 8443.',
  },
  'http-error': {
    title: 'Application error',
    cause:
      'TLS and the client certificate were accepted, but the HTTP request failed (wrong base path, server error, or a non-HTTP answer).',
    fix: 'Check the API base path from the portal or onboarding, and the server status; the HTTP status and body are in the details.',
  },
  'probe-cancelled': {
    title: 'Test cancelled or out of time',
    cause: 'The test was cancelled, or ran out of its total time before finishing.',
    fix: 'Run the test again; if it runs out of time, the slow step is shown in the timings.',
  },
  'oauth-token-endpoint-not-found': {
    title: 'OAuth token endpoint not found',
    cause:
      'mTLS works, but nothing answers at the OAuth token endpoint used (HTTP 404 or 405, or no connection to its host): the path or host is wrong for this environment.',
    fix: 'Use the token endpoint Thales gave for this environment (D1: https://<D1 host>/authz/v1/oauth2/token), and record it on the onboarding.',
    need: 'token-url',
  },
  'oauth-invalid-client': {
    title: 'OAuth key not provisioned (invalid_client)',
    cause:
      'The token endpoint does not know the key that signed the assertion: the public key was not provisioned in D1 yet, another key was, or the kid in the header is not the one Thales registered.',
    fix: 'Send the OAuth public key (the JWK with its kid, from the bundle) to your Thales representative, wait for the confirmation, and record exactly the kid Thales registered.',
    need: 'oauth-kid',
  },
  'oauth-invalid-grant': {
    title: 'Assertion claims refused (invalid_grant)',
    cause:
      'The token endpoint checked the signature but refused the claims: iss and sub must be the issuerId (merchantGatewayId for eCom, the aggregatorId in an aggregator model) and aud the token endpoint it expects.',
    fix: 'Compare the claims in the details with what Thales registered: the identifier of this onboarding, and the exact token endpoint URL as aud (use the URL Thales expects as the token endpoint).',
    need: 'token-url',
  },
  'oauth-assertion-expired': {
    title: 'Assertion expired or not yet valid',
    cause:
      'The token endpoint refused the assertion because of its times (exp, iat or nbf), while its clock agrees with ours: the assertion was made too early, reused, or lives too briefly.',
    fix: 'Sign a fresh assertion right before each token request, with exp at most 15 minutes ahead (and not just a few seconds).',
  },
  'oauth-clock-skew': {
    title: 'Clock skew',
    cause:
      "The token endpoint refused the assertion's times, and its clock (the HTTP Date header) differs from this machine's by more than 30 seconds: the assertion looks expired or issued in the future to it.",
    fix: "Synchronize this machine's clock with NTP (the details give the server's Date and ours), then test again.",
  },
  'oauth-unsupported-algorithm': {
    title: 'Signature algorithm refused',
    cause:
      'The token endpoint refused the signature algorithm of the assertion. D1 accepts only ES256 (ECDSA P-256 with SHA-256) client assertions.',
    fix: 'Sign assertions with the EC P-256 OAuth key and alg ES256 (mTLS Desk does); if the endpoint still refuses ES256, check with Thales that the key was provisioned as an EC P-256 key.',
  },
  'oauth-token-error': {
    title: 'OAuth token request failed',
    cause:
      'The token endpoint answered, but not with an access token and not with an error this test knows (server error, or an answer that is not the JSON an OAuth token endpoint gives).',
    fix: 'Check the HTTP status and body in the details, and the token endpoint URL; retry later if it is a server error.',
  },
  'oauth-token-refused': {
    title: 'Access token refused by the API',
    cause:
      'The token endpoint issued an access token, but the API answered 401 or 403 with it: the token lacks the scope for this API, belongs to another client, or the API path is not one this client may call.',
    fix: 'Check with Thales the scopes and APIs enabled for this identifier, and that the API path tested is one you are onboarded for.',
    need: 'api-path',
  },
  'token-endpoint-accepts-no-credentials': {
    title: 'Token endpoint gives tokens without credentials',
    cause:
      'Your OAuth token endpoint answered a request without HTTP Basic client credentials with something other than 401: anyone who reaches it may get a token.',
    fix: 'Require HTTP Basic client credentials (the client id and secret you give Thales) and answer 401 with WWW-Authenticate: Basic when they are missing.',
  },
  'token-endpoint-accepts-wrong-credentials': {
    title: 'Token endpoint accepts a wrong secret',
    cause:
      'Your OAuth token endpoint answered a request with a wrong client secret with something other than 401: it does not check the secret.',
    fix: 'Check the client id and secret on every token request and answer 401 when they do not match.',
  },
  'token-endpoint-refuses-credentials': {
    title: 'Token endpoint refuses the client credentials',
    cause:
      'Your OAuth token endpoint refused the client id and secret given to this check: they are not the ones it is configured with, or it does not read HTTP Basic credentials.',
    fix: 'Give the client id and secret you registered with Thales, and check the endpoint reads the Authorization: Basic header (client id and secret, form-URL-encoded, then base64).',
  },
  'token-endpoint-bad-answer': {
    title: 'Token endpoint answer not usable',
    cause:
      'Your OAuth token endpoint accepted the client credentials but did not answer the client_credentials grant with a JSON access_token, token_type Bearer and an expiry (expires_in or expires_at), as D1 expects.',
    fix: 'Answer POST grant_type=client_credentials with HTTP 200, Content-Type application/json, and {"access_token": "...", "token_type": "Bearer", "expires_in": 900}.',
  },
};

/** Where a fix is read: the stand-alone tester, or an onboarding's test step. */
export type FixPlace = 'tester' | 'onboarding';
export type FixKey = `${FixPlace}-${'inbound' | 'outbound'}`;

/**
 * The fix in the words of the screen it is read on: it names the controls that screen has (the
 * tester's "Trust a CA file…", an onboarding's steps) and the direction tested (inbound: you call
 * Thales; outbound: Thales calls your server). Without an entry, the general fix above.
 */
export const SCREEN_FIXES: Partial<Record<DiagnosisId, Partial<Record<FixKey, string>>>> = {
  'client-cert-required': {
    'tester-inbound':
      'Under Client identity, choose From the vault, From files (the client certificate and its private key) or From a PKCS#12 file, and run the test again.',
    'onboarding-inbound':
      "Make or import the client certificate in this onboarding's identity step, then test again; your HTTP client must send it too.",
  },
  'client-cert-not-trusted': {
    'tester-inbound':
      'Compare the issuers the server accepts with the issuer of the certificate sent: choose a client certificate issued by one of them, or have this one endorsed in the Thales portal (signed by the Thales CA for D1) for this environment.',
  },
  'client-cert-expired': {
    'tester-inbound':
      'Choose a client certificate that is valid today, or renew it in its onboarding and have the new one endorsed or signed.',
  },
  'key-cert-mismatch': {
    'tester-inbound':
      'With Choose private key…, pick the key file that was used to make this certificate.',
  },
  'server-cert-untrusted': {
    'tester-inbound':
      "If you expect this server's CA (a private or company root, or the Thales server chain from the portal), add its root with Trust a CA file… and run the test again; if you do not, check the URL: a proxy may be re-signing TLS.",
    'onboarding-inbound':
      'Import the server chain Thales gave you in the server chain step; if it is already imported, a proxy may be re-signing TLS between you and Thales.',
    'onboarding-outbound':
      "Thales must trust your server's chain: send the full chain from a CA recognized by Mozilla, or register your private root with Thales, then check again.",
  },
  'server-root-untrusted': {
    'tester-inbound':
      "If you expect this server's private root, add it with Trust a CA file… (the root's certificate, from whoever runs the server) and run the test again; if you do not, check the URL: a proxy may be re-signing TLS.",
    'onboarding-inbound':
      'The server Thales gave you ends in a root not trusted here: import the server chain Thales gave you, with its root, in the server chain step; if it is already imported, a proxy may be re-signing TLS.',
  },
  'server-chain-incomplete': {
    'tester-inbound':
      'Ask whoever runs the server to send its full chain (its certificate, then every intermediate CA). If its certificate comes straight from a private root, add that root with Trust a CA file… and run the test again.',
    'onboarding-outbound':
      'Configure your server to send the full chain: its certificate first, then every intermediate up to (not including) the root.',
  },
  'program-root-unavailable': {
    'tester-inbound':
      'Add that root (or the Thales server chain from the portal) with Trust a CA file… and run the test again; ask your Thales representative which root its servers chain to now.',
  },
};

export function fixFor(
  id: DiagnosisId,
  place: FixPlace,
  direction: 'inbound' | 'outbound',
): string {
  return SCREEN_FIXES[id]?.[`${place}-${direction}`] ?? DIAGNOSES[id].fix;
}

export function diagnosisText(id: DiagnosisId): DiagnosisText & { id: DiagnosisId } {
  return { id, ...DIAGNOSES[id] };
}

export type ProbeStepStatus = 'pass' | 'warn' | 'fail' | 'skip';

export type InboundStepName =
  'identity' | 'dns' | 'tcp' | 'tls' | 'verify' | 'http' | 'oauth-token' | 'oauth-api';

export interface ProbeStep {
  name: InboundStepName;
  status: ProbeStepStatus;
  /** Milliseconds from the start of the probe to the start of this step (the waterfall). */
  startMs: number;
  ms: number;
  diagnosis?: DiagnosisId;
  /** One sentence saying what the step found (English: the CLI prints it). */
  summary: string;
  /** The same sentence as data, said in the app's language (shared/i18n/probe-steps.ts). */
  summaryText?: ProbeText;
  /** Plain JSON evidence (addresses, protocol, chain, HTTP status, ...). */
  details: Record<string, unknown>;
}

/** One certificate as a server sent it, in plain words. */
export interface ChainEntry {
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  isCa: boolean;
  selfSigned: boolean;
  subjectAltNames: string[];
  sha256Fingerprint: string;
}

export interface TlsEvidence {
  protocol: string | null;
  cipher: string | null;
  /** The server chain in the order it was sent (up to the cap). */
  chainAsSent: ChainEntry[];
  /** How many certificates the server sent (may exceed chainAsSent when capped). */
  chainLength: number;
  /** Whether the chain came from the handshake bytes (exact) or from the TLS library (reconstructed). */
  chainSource: 'handshake' | 'library' | 'none';
  certificateRequested: boolean | null;
  /** Acceptable CA names from the CertificateRequest, null when they could not be read. */
  acceptableCaNames: string[] | null;
  signatureAlgorithms: string[];
  /** The TLS alert the server sent, when one was seen. */
  alert: { number: number; name: string } | null;
}

export interface DiagnosisRef extends DiagnosisText {
  id: DiagnosisId;
}

export interface InboundProbeResult {
  kind: 'inbound';
  ok: boolean;
  target: { url: string; host: string; port: number; path: string };
  startedAt: string;
  totalMs: number;
  diagnosis: DiagnosisRef;
  steps: ProbeStep[];
  evidence: { tls: TlsEvidence | null };
}

export type ReadinessCheckId =
  | 'port'
  | 'reachable'
  | 'tls-versions'
  | 'client-cert-required'
  | 'foreign-client-rejected'
  | 'client-ca-listed'
  | 'server-chain'
  | 'token-endpoint';

export interface ReadinessCheck {
  id: ReadinessCheckId;
  status: Exclude<ProbeStepStatus, 'skip'>;
  /** Milliseconds from the start of the check run to the start of this check (they overlap). */
  startMs: number;
  ms: number;
  diagnosis?: DiagnosisId;
  summary: string;
  /** The same sentence as data, said in the app's language (shared/i18n/probe-steps.ts). */
  summaryText?: ProbeText;
  details: Record<string, unknown>;
}

export interface OutboundReadinessResult {
  kind: 'outbound';
  ok: boolean;
  target: { host: string; port: number };
  startedAt: string;
  totalMs: number;
  diagnosis: DiagnosisRef;
  checks: ReadinessCheck[];
  evidence: { tls: TlsEvidence | null };
}

/** Pushed while a probe runs, so a screen can show progress. */
export interface ProbeProgress {
  step: string;
  status: 'running' | ProbeStepStatus;
  ms?: number;
}
