// The inbound test (your backend -> Thales): identity, name resolution, TCP, TLS handshake,
// verification, and one HTTP round trip, each timed with its own timeout under a total cap. It
// never declares success at the end of the handshake: TLS 1.3 servers reject a client
// certificate after it, and nginx reports certificate problems as HTTP 400.
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { isIP } from 'node:net';
import {
  diagnosisText,
  type DiagnosisId,
  type InboundProbeResult,
  type InboundStepName,
  type ProbeProgress,
  type ProbeStep,
  type ProbeStepStatus,
} from '../../../shared/diagnoses.js';
import type { ProgramProfile } from '../../../shared/programs/schema.js';
import { formatName } from '../../../shared/artifact-facts.js';
import { probeText, type ProbeText } from '../../../shared/i18n/probe-steps.js';
import { chainReachesExpectedCa } from '../../../shared/rules/server-chain.js';
import { classifyTlsFailure, classifyVerifyError } from './classify.js';
import { probeClientHello } from './client-hello.js';
import type { ClientIdentity } from './client-identity.js';
import { resolveName, systemDns, type DnsDependencies } from './dns.js';
import { chainNames } from './tls-evidence.js';
import { outsideValidity, serverChainShape } from './server-chain.js';
import { roundMs, stepRunner } from './step-runner.js';
import {
  LEGACY_TLS_VERSIONS,
  TLS_VERSIONS,
  tlsVersionBelow,
} from '../../../shared/tls-versions.js';
import { buildPath, certificatesOf, issuedBy, mozillaRoots } from './trust.js';
import {
  Cancelled,
  connectTcp,
  probeDeadline,
  httpRoundTrip,
  nginxCertificateComplaint,
  StepTimeout,
  TlsSession,
  type HttpAnswer,
} from './session.js';
import { hostHeader, type ProbeTarget } from './target.js';
import { UserError } from '../errors.js';
import { apiStep, tokenStep, type OAuthProbeConfig } from '../oauth/probe-steps.js';

export interface InboundTimeouts {
  dns: number;
  /** Per address tried. */
  tcp: number;
  tls: number;
  http: number;
  /** The whole probe. */
  total: number;
}

const DEFAULT_INBOUND_TIMEOUTS: InboundTimeouts = {
  dns: 5000,
  tcp: 5000,
  tls: 10_000,
  http: 10_000,
  total: 30_000,
};

const MAX_ADDRESSES_TRIED = 6;

export interface InboundProbeRequest {
  target: ProbeTarget;
  identity?: ClientIdentity;
  /** PEM trust anchors (the imported Thales server chain, or a CA file), added to the system (Mozilla) roots. */
  trustPem?: string[];
  /**
   * What the server chain is trusted as: 'chain', the given trustPem (the imported
   * TSH_TLS_SERVER_CERTIFICATE_CHAIN or a CA file); 'program', the program's expected CA: the
   * verified path (to a system root or a trustPem anchor) must run through a certificate named
   * like the profile's thalesServerCa; 'system', the system roots. Default: 'chain' with
   * trustPem, else 'program' with a profile, else 'system'.
   */
  trustSource?: TrustSource;
  profile?: ProgramProfile;
  /** Read the raw handshake bytes for the evidence (default true); see TlsOptions.captureHandshake. */
  captureHandshake?: boolean;
  timeouts?: Partial<InboundTimeouts>;
  dns?: DnsDependencies;
  signal?: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
  now?: () => Date;
  /** D1 OAuth 2.0: after the HTTP step, get an access token with a client assertion and call the API with it. */
  oauth?: OAuthProbeConfig;
}

export type TrustSource = 'chain' | 'program' | 'system';

interface StepOutcome {
  status: ProbeStepStatus;
  diagnosis?: DiagnosisId;
  summary: string;
  summaryText: ProbeText;
  details?: Record<string, unknown>;
}

/** What one inbound test knows as its steps run; each step reads it and adds what it found. */
interface InboundRun {
  request: InboundProbeRequest;
  target: ProbeTarget;
  timeouts: InboundTimeouts;
  trustSource: TrustSource;
  signal: AbortSignal;
  now: () => Date;
  clientExpired: boolean;
  addresses: Array<{ address: string; family: number }>;
  raw?: Socket;
  connectedTo?: { address: string; family: number };
  session?: TlsSession;
}

function trustSourceOf(request: InboundProbeRequest): TrustSource {
  const { profile, trustPem } = request;
  const trustSource = request.trustSource ?? (trustPem ? 'chain' : profile ? 'program' : 'system');
  if (trustSource === 'program' && !profile)
    throw new UserError(
      'bad-input',
      "trusting the program's expected CA needs a program: give one, or trust a CA file or the system roots",
      {},
      { id: 'probe.trust-needs-program' },
    );
  if (trustSource === 'system' && trustPem)
    throw new UserError(
      'bad-input',
      'trusting the system roots takes no CA file: drop the file, or trust it instead',
      {},
      { id: 'probe.trust-system-no-file' },
    );
  return trustSource;
}

/** The steps in order; the test stops at the first that fails. OAuth steps follow when configured. */
const INBOUND_STEPS: Array<
  [InboundStepName, (run: InboundRun) => Promise<StepOutcome> | StepOutcome]
> = [
  ['identity', identityStep],
  ['dns', dnsStep],
  ['tcp', tcpStep],
  ['tls', tlsStep],
  [
    'verify',
    (run) =>
      verify(
        run.session!,
        run.target,
        run.request.profile,
        run.request.trustPem,
        run.trustSource,
        run.now(),
      ),
  ],
  ['http', httpStep],
];

/** A step stopped by the user's cancel or by the test's total time (kept apart for length). */
function cancelledOutcome(byUser: boolean, totalMs: number): StepOutcome {
  return {
    status: 'fail',
    diagnosis: 'probe-cancelled',
    summary: byUser
      ? 'the test was cancelled during this step'
      : `the test ran out of its total time (${totalMs} ms) during this step`,
    summaryText: byUser
      ? probeText('step.cancelled')
      : probeText('step.out-of-time', { ms: totalMs }),
  };
}

export async function probeInbound(request: InboundProbeRequest): Promise<InboundProbeResult> {
  const timeouts = { ...DEFAULT_INBOUND_TIMEOUTS, ...request.timeouts };
  const now = request.now ?? (() => new Date());
  const trustSource = trustSourceOf(request);
  const startedAt = now().toISOString();
  const started = performance.now();
  const deadline = probeDeadline(timeouts.total, request.signal);
  const signal = deadline.signal;
  const steps: ProbeStep[] = [];
  const certificate = request.identity?.certificate;
  const run: InboundRun = {
    request,
    target: request.target,
    timeouts,
    trustSource,
    signal,
    now,
    clientExpired: certificate
      ? outsideValidity(certificate.notBefore, certificate.notAfter, now())
      : false,
    addresses: [],
  };
  const runStep = stepRunner<InboundStepName, StepOutcome>({
    started,
    onProgress: request.onProgress,
    onError: (error) => {
      if (!(error instanceof Cancelled)) throw error;
      return cancelledOutcome(request.signal?.aborted === true, timeouts.total);
    },
    record: (name, outcome, timing) =>
      steps.push({
        name,
        status: outcome.status,
        ...timing,
        ...(outcome.diagnosis ? { diagnosis: outcome.diagnosis } : {}),
        summary: outcome.summary,
        summaryText: outcome.summaryText,
        details: outcome.details ?? {},
      }),
  });
  const step: StepCall = (name, body) =>
    runStep(name, () => {
      if (signal.aborted) throw new Cancelled();
      return body();
    });

  try {
    let passed = true;
    for (const [name, body] of INBOUND_STEPS) {
      passed = (await step(name, () => body(run))).status !== 'fail';
      if (!passed) break;
    }
    if (passed && request.oauth) await oauthSteps(run, request.oauth, step);
    // Read before the session closes: the evidence includes what the last step received.
    run.session?.refreshReading();
    const firstFailure = steps.find((s) => s.status === 'fail');
    return {
      kind: 'inbound',
      ok: firstFailure === undefined,
      target: request.target,
      startedAt,
      totalMs: roundMs(performance.now() - started),
      diagnosis: diagnosisText(firstFailure?.diagnosis ?? 'ok'),
      steps,
      evidence: { tls: run.session ? run.session.evidence() : null },
    };
  } finally {
    deadline.dispose();
    run.session?.close();
    run.raw?.destroy();
  }
}

type StepCall = (
  name: InboundStepName,
  body: () => Promise<StepOutcome> | StepOutcome,
) => Promise<StepOutcome>;

function identityStep(run: InboundRun): StepOutcome {
  const identity = run.request.identity;
  if (!identity)
    return {
      status: 'skip',
      summary: 'no client certificate given: the test shows whether the server requires one',
      summaryText: probeText('inbound.identity.none'),
    };
  const details = { source: identity.source, certificate: identity.certificate };
  if (identity.keyMatchesCertificate === false)
    return {
      status: 'fail',
      diagnosis: 'key-cert-mismatch',
      summary: 'the private key does not belong to the client certificate',
      summaryText: probeText('inbound.identity.key-mismatch'),
      details,
    };
  if (run.clientExpired)
    return {
      status: 'warn',
      diagnosis: 'client-cert-expired',
      summary: `the client certificate is valid only from ${identity.certificate!.notBefore} to ${identity.certificate!.notAfter}`,
      summaryText: probeText('inbound.identity.outside-validity', {
        from: identity.certificate!.notBefore,
        to: identity.certificate!.notAfter,
      }),
      details,
    };
  return {
    status: 'pass',
    summary: identity.certificate
      ? `client certificate ${identity.certificate.subject}, valid until ${identity.certificate.notAfter}`
      : 'client identity read by the TLS library',
    summaryText: identity.certificate
      ? probeText('inbound.identity.certificate', {
          subject: identity.certificate.subject,
          until: identity.certificate.notAfter,
        })
      : probeText('inbound.identity.library'),
    details,
  };
}

async function dnsStep(run: InboundRun): Promise<StepOutcome> {
  const host = run.target.host;
  const resolution = await resolveName(
    host,
    run.request.dns ?? systemDns(),
    run.timeouts.dns,
    run.signal,
  );
  run.addresses = resolution.addresses;
  const details = {
    host,
    dnsRecords: resolution.dnsRecords,
    systemResolver: resolution.systemAddresses,
    dnsError: resolution.dnsError,
    systemError: resolution.systemError,
  };
  switch (resolution.kind) {
    case 'ip-literal':
      return {
        status: 'warn',
        diagnosis: 'ip-literal',
        summary: `${host} is an IP address, not a host name`,
        summaryText: probeText('inbound.dns.ip-literal', { host }),
        details,
      };
    case 'not-found':
      return {
        status: 'fail',
        diagnosis: 'dns-not-found',
        summary: `${host} does not resolve (${resolution.dnsError ?? resolution.systemError ?? 'no address'})`,
        summaryText:
          (resolution.dnsError ?? resolution.systemError)
            ? probeText('inbound.dns.not-found', {
                host,
                error: (resolution.dnsError ?? resolution.systemError)!,
              })
            : probeText('inbound.dns.no-address', { host }),
        details,
      };
    case 'hosts-file-pin':
      return {
        status: 'warn',
        diagnosis: 'dns-hosts-file-pin',
        summary: `the system resolver gives ${resolution.systemAddresses.join(', ')} but DNS gives ${resolution.dnsRecords.map((r) => r.address).join(', ') || 'nothing'}`,
        summaryText:
          resolution.dnsRecords.length > 0
            ? probeText('inbound.dns.pinned', {
                system: resolution.systemAddresses.join(', '),
                dns: resolution.dnsRecords.map((r) => r.address).join(', '),
              })
            : probeText('inbound.dns.pinned-no-dns', {
                system: resolution.systemAddresses.join(', '),
              }),
        details,
      };
    default:
      return {
        status: 'pass',
        summary: `${host} resolves to ${resolution.dnsRecords.map((r) => `${r.address} (TTL ${r.ttl} s)`).join(', ') || run.addresses.map((a) => a.address).join(', ')}`,
        summaryText: probeText('inbound.dns.resolves', {
          host,
          addresses:
            resolution.dnsRecords.length > 0
              ? resolution.dnsRecords.map((r) =>
                  probeText('inbound.dns.record', { address: r.address, ttl: r.ttl }),
                )
              : run.addresses.map((a) => a.address).join(', '),
        }),
        details,
      };
  }
}

async function tcpStep(run: InboundRun): Promise<StepOutcome> {
  const port = run.target.port;
  const attempts: Array<{ address: string; result: string; ms: number }> = [];
  for (const { address } of run.addresses.slice(0, MAX_ADDRESSES_TRIED)) {
    const t0 = performance.now();
    try {
      run.raw = await connectTcp(address, port, run.timeouts.tcp, run.signal);
      run.connectedTo = { address, family: isIP(address) };
      attempts.push({ address, result: 'connected', ms: roundMs(performance.now() - t0) });
      return {
        status: 'pass',
        summary: `connected to ${address} port ${port}`,
        summaryText: probeText('inbound.tcp.connected', { address, port }),
        details: { attempts },
      };
    } catch (error) {
      if (error instanceof Cancelled) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      attempts.push({
        address,
        result:
          error instanceof StepTimeout ? 'timed out' : code === 'ECONNREFUSED' ? 'refused' : code,
        ms: roundMs(performance.now() - t0),
      });
    }
  }
  return attempts.every((a) => a.result === 'refused')
    ? {
        status: 'fail',
        diagnosis: 'tcp-refused',
        summary: `connection refused on port ${port} by ${attempts.map((a) => a.address).join(', ')}`,
        summaryText: probeText('inbound.tcp.refused', {
          port,
          addresses: attempts.map((a) => a.address).join(', '),
        }),
        details: { attempts },
      }
    : {
        status: 'fail',
        diagnosis: 'tcp-timeout',
        summary: `no answer from port ${port} within ${run.timeouts.tcp} ms (${attempts.map((a) => `${a.address}: ${a.result}`).join(', ')})`,
        summaryText: probeText('inbound.tcp.timeout', {
          port,
          ms: run.timeouts.tcp,
          attempts: attempts.map((a) =>
            probeText('inbound.tcp.attempt', {
              address: a.address,
              result: a.result === 'timed out' ? 'timeout' : a.result,
            }),
          ),
        }),
        details: { attempts },
      };
}

async function tlsStep(run: InboundRun): Promise<StepOutcome> {
  const { request, target } = run;
  const session = new TlsSession(run.raw!, {
    servername: target.host,
    credentials: request.identity?.credentials,
    ca: request.trustPem,
    captureHandshake: request.captureHandshake,
    timeoutMs: run.timeouts.tls,
    signal: run.signal,
  });
  run.session = session;
  const outcome = await session.handshake();
  if (outcome.error instanceof Cancelled) throw outcome.error;
  const evidence = session.evidence();
  const details: Record<string, unknown> = {
    ...evidence,
    bytesReceived: session.tap.received,
    error: errorSummary(outcome.error),
  };
  if (outcome.ok) {
    return {
      status: 'pass',
      summary: `${evidence.protocol} with ${evidence.cipher}; the server sent ${evidence.chainLength} certificate(s) and ${evidence.certificateRequested ? 'asked' : evidence.certificateRequested === false ? 'did not ask' : 'may have asked'} for a client certificate`,
      summaryText: probeText('inbound.tls.done', {
        protocol: String(evidence.protocol),
        cipher: String(evidence.cipher),
        count: evidence.chainLength,
        asked: evidence.certificateRequested
          ? 'yes'
          : evidence.certificateRequested === false
            ? 'no'
            : 'maybe',
      }),
      details,
    };
  }
  // No ServerHello came: ask, with raw hellos, whether the server speaks only TLS 1.0/1.1.
  const firstByte = session.tap.firstByte;
  const legacyVersionsAccepted =
    session.handshakeReading().version === null &&
    !session.setupError &&
    !outcome.timedOut &&
    !(firstByte !== undefined && firstByte !== 0x15 && firstByte !== 0x16)
      ? await legacyVersions(run.connectedTo!.address, target, run.timeouts.tls, run.signal)
      : undefined;
  const classification = classifyTlsFailure(
    session.failureEvidence(outcome.error, {
      afterHandshake: false,
      timedOut: outcome.timedOut,
      clientCertificateExpired: run.clientExpired,
      legacyVersionsAccepted,
    }),
  );
  details.observed = classification.observed;
  details.observedText = classification.observedText;
  if (legacyVersionsAccepted) details.legacyVersionsAccepted = legacyVersionsAccepted;
  return {
    status: 'fail',
    diagnosis: classification.id,
    summary: classification.reason,
    summaryText: classification.reasonText,
    details,
  };
}

async function httpStep(run: InboundRun): Promise<StepOutcome> {
  const { target } = run;
  const session = run.session!;
  try {
    const answer = await httpRoundTrip(
      session.socket!,
      hostHeader(target.host, target.port),
      target.path,
      run.timeouts.http,
      run.signal,
    );
    return judgeHttp(
      answer,
      session,
      run.clientExpired,
      run.request.profile,
      run.request.oauth !== undefined,
    );
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    if (error instanceof StepTimeout) {
      return {
        status: 'fail',
        diagnosis: 'http-error',
        summary: `the TLS handshake completed, but neither an HTTP answer nor a refusal came within ${run.timeouts.http} ms`,
        summaryText: probeText('inbound.http.timeout', { ms: run.timeouts.http }),
        details: { path: target.path },
      };
    }
    const classification = classifyTlsFailure(
      session.failureEvidence(error, {
        afterHandshake: true,
        timedOut: false,
        clientCertificateExpired: run.clientExpired,
      }),
    );
    return {
      status: 'fail',
      diagnosis: classification.id,
      summary: `after the handshake, ${classification.reason}`,
      summaryText: probeText('inbound.http.after-handshake', { reason: classification.reasonText }),
      details: {
        error: errorSummary(error),
        alert: session.evidence().alert,
        observed: classification.observed,
        observedText: classification.observedText,
      },
    };
  }
}

/** An aborted fetch inside an OAuth step is the probe's cancellation. */
async function cancellable<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if ((error as { code?: string }).code === 'ABORT_ERR') throw new Cancelled();
    throw error;
  }
}

/** D1 OAuth 2.0 on top of mTLS: a token with a client assertion, then one authorized API call. */
async function oauthSteps(run: InboundRun, oauth: OAuthProbeConfig, step: StepCall) {
  const { target } = run;
  const context = {
    credentials: run.request.identity?.credentials,
    trustPem: run.request.trustPem,
    host: target.host,
    port: target.port,
    address: run.connectedTo,
    timeoutMs: run.timeouts.http,
    signal: run.signal,
    now: run.now,
  };
  let accessToken: string | undefined;
  const token = await step('oauth-token', () =>
    cancellable(() =>
      tokenStep(oauth, context, (issued) => {
        accessToken = issued;
      }),
    ),
  );
  if (token.status === 'fail' || accessToken === undefined) return;
  const apiUrl = new URL(oauth.apiPath ?? target.path, target.url).toString();
  await step('oauth-api', () => cancellable(() => apiStep(apiUrl, accessToken!, context)));
  accessToken = undefined;
}

/** The versions below TLS 1.2 a raw ClientHello gets accepted with (both probed at once). */
async function legacyVersions(
  address: string,
  target: ProbeTarget,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<string[]> {
  const results = await Promise.all(
    TLS_VERSIONS.filter((v) => LEGACY_TLS_VERSIONS.includes(v)).map((version) =>
      probeClientHello({
        address,
        port: target.port,
        servername: target.host,
        version,
        timeoutMs: Math.min(timeoutMs, 3000),
        signal,
      }),
    ),
  );
  return results.filter((r) => r.accepted).map((r) => r.version);
}

function errorSummary(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(': ');
}

/** An imported chain often stops below its root, which is a Mozilla root: complete it with them. */
const MISSING_ISSUER = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/**
 * Whether the chain verified (the TLS library's error code, or null), completed with the trusted
 * chain you gave when the server leaves out its intermediate, and which anchor verified it.
 */
function chainTrust(
  chain: X509Certificate[],
  authorizationError: string | Error | null,
  trustPem: string[] | undefined,
): {
  code: string | null;
  completedByTrust: boolean;
  anchor: string | null;
  anchorText: ProbeText | null;
} {
  const leaf = chain[0] as X509Certificate | undefined;
  const leafIssuerSent = leaf !== undefined && chain.slice(1).some((c) => leaf.checkIssued(c));
  let code = authorizationError
    ? String((authorizationError as { code?: string }).code ?? authorizationError)
    : null;
  let completedByTrust = false;
  if (code && trustPem && MISSING_ISSUER.has(code) && leaf) {
    const anchors = [...trustPem.flatMap((pem) => certificatesOf(pem)), ...mozillaRoots()];
    if (buildPath(chain, anchors).trusted) {
      code = null;
      // Trusted only because the chain you gave holds the intermediate the server left out.
      const leafIssuer = anchors.find((a) => issuedBy(leaf, a));
      completedByTrust =
        !leafIssuerSent && leafIssuer !== undefined && leafIssuer.subject !== leafIssuer.issuer;
    }
  }
  let anchor: string | null = null;
  let anchorText: ProbeText | null = null;
  if (code === null && leaf) {
    // Which anchor verified it: the imported Thales server chain (or --ca) first, then the system roots.
    const given = (trustPem ?? []).flatMap((pem) => certificatesOf(pem));
    const verified = buildPath(chain, [...given, ...mozillaRoots()]);
    const top = verified.trusted ? verified.path[verified.path.length - 1] : undefined;
    if (top) {
      const name = top.subject.split('\n').join(', ');
      const fromGiven = given.some((g) => g.fingerprint256 === top.fingerprint256);
      anchor = `${name} (${fromGiven ? 'from the trusted chain you gave: the imported Thales server chain or the CA file' : 'a system root'})`;
      anchorText = probeText('inbound.verify.anchor', {
        name,
        from: fromGiven ? 'given' : 'system',
      });
    }
  }
  return { code, completedByTrust, anchor, anchorText };
}

/**
 * Whether the server sent its whole chain: from the leaf, each certificate issued by the next,
 * ending in a self-signed CA (its root). Such a chain has no gap: when it does not verify, its root
 * is what is not trusted here.
 */
function sentUpToRoot(chain: X509Certificate[]): boolean {
  if (chain.length < 2) return false;
  for (let i = 0; i + 1 < chain.length; i++) if (!chain[i].checkIssued(chain[i + 1])) return false;
  const top = chain[chain.length - 1];
  return top.ca && top.checkIssued(top) && top.verify(top.publicKey);
}

/** Whether the chain verified, to which anchor, and the checks and problems that say so. */
function trustVerdict(
  session: TlsSession,
  chain: X509Certificate[],
  profile: ProgramProfile | undefined,
  trustPem: string[] | undefined,
  trustSource: TrustSource,
): {
  code: string | null;
  anchor: string | null;
  anchorText: ProbeText | null;
  checks: VerifyCheck[];
  problems: VerifyProblem[];
} {
  const checks: VerifyCheck[] = [];
  const problems: VerifyProblem[] = [];
  const leaf = chain[0] as X509Certificate | undefined;
  const leafIssuerSent = leaf !== undefined && chain.slice(1).some((c) => leaf.checkIssued(c));
  const leafSelfSigned = session.evidence().chainAsSent[0]?.selfSigned ?? false;

  const trusted = chainTrust(
    chain,
    session.socket!.authorizationError as unknown as string | Error | null,
    trustPem,
  );
  const { completedByTrust, anchor, anchorText } = trusted;
  const documentedRoot = profile?.thalesServerCa?.anchor;
  const rootUnavailable =
    trustSource === 'program' && profile && trusted.code !== null
      ? programRootUnavailable(chain, trusted.code, profile, trustPem)
      : null;
  // The documented root missing here is a warning (below), not a verification failure.
  const code = rootUnavailable !== null ? null : trusted.code;
  checks.push({
    check: 'chain to a trusted root',
    ok: code === null && rootUnavailable === null,
    detail:
      code ??
      (rootUnavailable !== null
        ? `${documentedRoot!.commonName} is needed and not available here`
        : `verified${anchor ? ` to ${anchor}` : ''}`),
    detailText: code
      ? probeText('check.code', { code })
      : rootUnavailable !== null
        ? probeText('check.root-needed', { root: documentedRoot!.commonName })
        : anchorText
          ? probeText('check.verified-to', { anchor: anchorText })
          : probeText('check.verified'),
  });
  if (rootUnavailable !== null)
    problems.push({ status: 'warn', diagnosis: 'program-root-unavailable', ...rootUnavailable });
  if (code) {
    const c = classifyVerifyError(code, leafIssuerSent, leafSelfSigned, sentUpToRoot(chain));
    problems.push({
      status: 'fail',
      diagnosis: c.id,
      summary: c.reason,
      summaryText: c.reasonText,
    });
  }
  if (completedByTrust)
    problems.push({
      status: 'warn',
      diagnosis: 'server-chain-incomplete',
      summary:
        'the server does not send the intermediate CA; it verified only because the chain you trust holds it',
      summaryText: probeText('inbound.verify.completed-by-trust'),
    });
  return { code, anchor, anchorText, checks, problems };
}

function verify(
  session: TlsSession,
  target: ProbeTarget,
  profile: ProgramProfile | undefined,
  trustPem: string[] | undefined,
  trustSource: TrustSource,
  now: Date,
): StepOutcome {
  const socket = session.socket!;
  const chain = session.certificates();
  const evidence = session.evidence();
  const checks: VerifyCheck[] = [];
  const problems: VerifyProblem[] = [];
  const { code, anchor, anchorText, ...trust } = trustVerdict(
    session,
    chain,
    profile,
    trustPem,
    trustSource,
  );
  checks.push(...trust.checks);
  problems.push(...trust.problems);
  const shape = serverChainShape(
    chain,
    evidence.chainLength,
    target.host,
    now,
    'inbound',
    evidence.chainSource === 'handshake',
  );
  checks.push(...shape.checks);

  if (profile) {
    const program = programChecks(chain, profile, {
      verified: code === null,
      trustPem,
      trustSource,
      protocol: socket.getProtocol() ?? '',
    });
    checks.push(...program.checks);
    problems.push(...program.problems);
  }
  // After the program's checks: a long or misordered chain only warns inbound, and the program's
  // CA warning comes first.
  problems.push(...shape.problems);
  const worst = problems.find((p) => p.status === 'fail') ?? problems[0];
  const details = {
    checks,
    chainSource: evidence.chainSource,
    trustSource,
    anchor,
    ...(anchorText ? { anchorText } : {}),
  };
  if (worst) return { ...worst, details };
  const trusted = anchorText
    ? probeText('inbound.verify.trusted-anchor', { anchor: anchorText })
    : probeText('inbound.verify.trusted');
  return {
    status: 'pass',
    summary: `the server chain is trusted${anchor ? ` (anchor: ${anchor})` : ''}, valid and covers ${target.host}${profile?.thalesServerCa ? `, and ${trustSource === 'program' ? 'verifies through' : 'comes from'} ${profile.thalesServerCa.description}` : ''}`,
    summaryText: profile?.thalesServerCa
      ? probeText('inbound.verify.pass-documented', {
          trusted,
          host: target.host,
          how: trustSource === 'program' ? 'through' : 'from',
          ca: profile.thalesServerCa.descriptionJa,
        })
      : probeText('inbound.verify.pass', { trusted, host: target.host }),
    details,
  };
}

/** The CN of a distinguished name as node:crypto prints it (one attribute a line). */
function commonNameOf(name: string): string | undefined {
  return name
    .split('\n')
    .find((line) => line.startsWith('CN='))
    ?.slice(3);
}

/**
 * The program's documented CA chains to a root that may be missing here (the TSH/TMG root left
 * Mozilla's TLS trust): a chain verified up through that CA, stopping below a root of the
 * documented name, is a warning naming the root and what to do, not a failure. Null otherwise.
 */
function programRootUnavailable(
  chain: X509Certificate[],
  code: string,
  profile: ProgramProfile,
  trustPem: string[] | undefined,
): { summary: string; summaryText: ProbeText } | null {
  const documented = profile.thalesServerCa;
  const root = documented?.anchor;
  if (!documented || !root || !MISSING_ISSUER.has(code) || chain.length === 0) return null;
  const partial = buildPath(chain, [
    ...(trustPem ?? []).flatMap((pem) => certificatesOf(pem)),
    ...mozillaRoots(),
  ]);
  if (
    partial.trusted ||
    commonNameOf(partial.stoppedAt.issuer) !== root.commonName ||
    !chainReachesExpectedCa(partial.path.map(chainNames), profile)
  )
    return null;
  return {
    summary: `the server chain runs through ${documented.description} as documented for ${profile.displayName}, up to ${root.commonName}, which is not among the roots trusted here (${root.note}): the chain was not verified up to a root. Import the Thales server chain from the portal (TSH_TLS_SERVER_CERTIFICATE_CHAIN) or trust ${root.commonName} as a CA file, then test again`,
    summaryText: probeText('inbound.verify.root-unavailable', {
      ca: documented.descriptionJa,
      program: profile.displayName,
      root: root.commonName,
    }),
  };
}

type VerifyCheck = { check: string; ok: boolean; detail: string; detailText: ProbeText };
type VerifyProblem = {
  status: ProbeStepStatus;
  diagnosis: DiagnosisId;
  summary: string;
  summaryText: ProbeText;
};

/** The program's own rules on the server: its documented CA and its minimum TLS version. */
function programChecks(
  chain: X509Certificate[],
  profile: ProgramProfile,
  {
    verified,
    trustPem,
    trustSource,
    protocol,
  }: { verified: boolean; trustPem?: string[]; trustSource: TrustSource; protocol: string },
): { checks: VerifyCheck[]; problems: VerifyProblem[] } {
  const checks: VerifyCheck[] = [];
  const problems: VerifyProblem[] = [];
  const names = chain.map(chainNames);
  // Trusting the program's CA, only the verified path counts, not any certificate the server adds.
  const path =
    trustSource === 'program' && verified && chain.length > 0
      ? buildPath(chain, [
          ...(trustPem ?? []).flatMap((pem) => certificatesOf(pem)),
          ...mozillaRoots(),
        ])
      : undefined;
  const expected = chainReachesExpectedCa(
    path?.trusted ? path.path.map(chainNames) : names,
    profile,
  );
  const where = path?.trusted ? 'the verified path runs through' : 'the chain names';
  const documented = profile.thalesServerCa;
  checks.push({
    check: 'expected CA',
    ok: expected,
    detail: documented
      ? `${profile.displayName} servers chain to ${documented.description} (documented); ${where} ${expected ? 'it' : `no such CA: found ${names.map((n) => formatName(n.issuer)).join(' <- ')}`}`
      : `${profile.displayName} does not publish its server CA: the chain is taken as given (confirm it with your Thales representative)`,
    detailText: !documented
      ? probeText('check.ca-unpublished', { program: profile.displayName })
      : expected
        ? probeText('check.expected-ca', {
            program: profile.displayName,
            ca: documented.descriptionJa,
            where: path?.trusted ? 'verified' : 'named',
          })
        : probeText('check.expected-ca-missing', {
            program: profile.displayName,
            ca: documented.descriptionJa,
            where: path?.trusted ? 'verified' : 'named',
            found: names.map((n) => formatName(n.issuer)).join(' <- '),
          }),
  });
  if (!expected && documented)
    problems.push({
      status: documented.severity === 'error' ? 'fail' : 'warn',
      diagnosis: 'unexpected-server-ca',
      summary: `the server chain does not ${path?.trusted ? 'verify through' : 'come from'} ${documented.description}, the CA documented for ${profile.displayName}: it names ${names.map((n) => formatName(n.issuer)).join(', ')}; confirm with Thales whether its server CA changed`,
      summaryText: probeText('inbound.verify.unexpected-ca', {
        how: path?.trusted ? 'through' : 'from',
        ca: documented.descriptionJa,
        program: profile.displayName,
        names: names.map((n) => formatName(n.issuer)).join(', '),
      }),
    });
  minVersionCheck(protocol, profile, checks, problems);
  return { checks, problems };
}

/** The program's minimum TLS version against the one negotiated (kept apart for length). */
function minVersionCheck(
  protocol: string,
  profile: ProgramProfile,
  checks: VerifyCheck[],
  problems: VerifyProblem[],
): void {
  const tooLow = tlsVersionBelow(protocol, profile.tls.minVersion);
  checks.push({
    check: 'minimum TLS version',
    ok: !tooLow,
    detail: `${protocol}, ${profile.displayName} needs ${profile.tls.minVersion} or later`,
    detailText: probeText('check.min-version', {
      protocol,
      program: profile.displayName,
      min: profile.tls.minVersion,
    }),
  });
  if (tooLow)
    problems.push({
      status: 'fail',
      diagnosis: 'tls-version-too-low',
      summary: `negotiated ${protocol}, below ${profile.tls.minVersion}`,
      summaryText: probeText('inbound.verify.version-low', {
        protocol,
        min: profile.tls.minVersion,
      }),
    });
}

function judgeHttp(
  answer: HttpAnswer,
  session: TlsSession,
  clientExpired: boolean,
  profile: ProgramProfile | undefined,
  oauthFollows = false,
): StepOutcome {
  const details = {
    status: answer.status,
    reason: answer.reason,
    bodyStart: answer.bodyStart?.slice(0, 500),
    bytes: answer.bytes,
  };
  if (answer.kind !== 'response') return noHttpAnswer(answer, session, clientExpired, details);
  const status = answer.status!;
  const complaint = status === 400 ? nginxCertificateComplaint(answer.bodyStart ?? '') : null;
  if (complaint === 'missing') {
    return {
      status: 'fail',
      diagnosis: 'client-cert-required',
      summary:
        'HTTP 400 "No required SSL certificate was sent": the server (nginx) requires a client certificate',
      summaryText: probeText('inbound.http.nginx-missing'),
      details,
    };
  }
  if (complaint === 'refused') {
    return {
      status: 'fail',
      diagnosis: clientExpired ? 'client-cert-expired' : 'client-cert-not-trusted',
      summary:
        'HTTP 400 "The SSL certificate error": the server (nginx) refused the client certificate',
      summaryText: probeText('inbound.http.nginx-refused'),
      details,
    };
  }
  if (status === 401 || status === 403)
    return authorizationAsked(status, profile, oauthFollows, details);
  if (status < 400)
    return {
      status: 'pass',
      summary: `the server accepted the client certificate and answered HTTP ${status}`,
      summaryText: probeText('inbound.http.pass', { status }),
      details,
    };
  if (status === 404 || status === 405) {
    return {
      status: 'warn',
      diagnosis: 'http-error',
      summary: `mTLS passed, but the API answered HTTP ${status}: check the base path`,
      summaryText: probeText('inbound.http.base-path', { status }),
      details,
    };
  }
  return {
    status: 'fail',
    diagnosis: 'http-error',
    summary: `mTLS passed, but the API answered HTTP ${status} ${answer.reason ?? ''}`.trim(),
    summaryText: probeText('inbound.http.error', {
      status: `${status} ${answer.reason ?? ''}`.trim(),
    }),
    details,
  };
}

/**
 * HTTP 401/403 after the handshake: mTLS itself passed and the API asks for its own authorization
 * (an OAuth token where the program requires one).
 */
function authorizationAsked(
  status: number,
  profile: ProgramProfile | undefined,
  oauthFollows: boolean,
  details: StepOutcome['details'],
): StepOutcome {
  const oauth = oauthFollows
    ? ' The OAuth 2.0 steps follow.'
    : profile?.oauthRequired
      ? ` ${profile.displayName} also requires an OAuth 2.0 access token: this test did not get one (OAuth is not set up for it), so no API call is proven to work yet.`
      : '';
  return {
    status: 'pass',
    summary: `mTLS passed: the server accepted the client certificate, and the API answered HTTP ${status}, which asks for its own authorization on top.${oauth}`,
    summaryText:
      !oauthFollows && profile?.oauthRequired
        ? probeText('inbound.http.authorization-oauth-missing', {
            status,
            program: profile.displayName,
          })
        : probeText('inbound.http.authorization', {
            status,
            oauth: oauthFollows ? 'follows' : 'none',
          }),
    details,
  };
}

/** The server closed the connection or answered something other than HTTP. */
function noHttpAnswer(
  answer: HttpAnswer,
  session: TlsSession,
  clientExpired: boolean,
  details: Record<string, unknown>,
): StepOutcome {
  if (answer.kind === 'closed') {
    const evidence = session.evidence();
    if (evidence.certificateRequested) {
      const c = classifyTlsFailure(
        session.failureEvidence(undefined, {
          afterHandshake: true,
          timedOut: false,
          clientCertificateExpired: clientExpired,
        }),
      );
      return {
        status: 'fail',
        diagnosis: c.id,
        summary: `no HTTP answer: ${c.reason}`,
        summaryText: probeText('inbound.http.no-answer', { reason: c.reasonText }),
        details: { ...details, observed: c.observed, observedText: c.observedText },
      };
    }
    return {
      status: 'fail',
      diagnosis: 'http-error',
      summary: 'the server closed the connection without answering the HTTP request',
      summaryText: probeText('inbound.http.closed'),
      details,
    };
  }
  return {
    status: 'fail',
    diagnosis: 'http-error',
    summary: 'the server answered over TLS, but not with HTTP',
    summaryText: probeText('inbound.http.not-http'),
    details,
  };
}
