// The outbound readiness check (Thales -> your server): port, TLS versions, client certificate
// enforcement (none, and a throwaway one from a CA nobody trusts), the acceptable CA names, and
// the server chain as sent. The checks run concurrently over separate connections, as few as tell:
// the reachability connection carries the no-certificate handshake, and that handshake answers
// the TLS 1.3 question when it negotiated 1.3 (a raw 1.3 hello is sent only when it did not).
import { probeText, type ProbeText } from '../../../shared/i18n/probe-steps.js';
import { KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  diagnosisText,
  type DiagnosisId,
  type OutboundReadinessResult,
  type ProbeProgress,
  type ReadinessCheck,
  type ReadinessCheckId,
  type TlsEvidence,
} from '../../../shared/diagnoses.js';
import type { ProgramProfile } from '../../../shared/programs/schema.js';
import { x509 } from '../x509-provider.js';
import { classifyTlsFailure } from './classify.js';
import { probeClientHello, type HelloProbeResult } from './client-hello.js';
import { resolveName, systemDns, type DnsDependencies } from './dns.js';
import { oneLine, serverChainShape, type ChainProblem } from './server-chain.js';
import { roundMs, stepRunner } from './step-runner.js';
import { LEGACY_TLS_VERSIONS, TLS_VERSIONS } from '../../../shared/tls-versions.js';
import {
  Cancelled,
  connectTcp,
  probeDeadline,
  httpRoundTrip,
  nginxCertificateComplaint,
  NGINX_CERTIFICATE_PAGES,
  StepTimeout,
  TlsSession,
  type ClientCredentials,
} from './session.js';
import { hostHeader } from './target.js';
import { distinguishedName, subjectNameDer } from './tls-evidence.js';
import { buildPath, certificatesOf, mozillaRoots } from './trust.js';

export interface OutboundTimeouts {
  connect: number;
  handshake: number;
  http: number;
  total: number;
}

const DEFAULT_OUTBOUND_TIMEOUTS: OutboundTimeouts = {
  connect: 5000,
  handshake: 8000,
  http: 8000,
  total: 30_000,
};
const STANDARD_PORTS = [443, 8443];

export interface OutboundCheckRequest {
  host: string;
  port: number;
  /** CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN as registered with Thales (PEM). */
  registeredChainPem?: string;
  /** The Thales Client CA (PEM), and the Thales client certificate if imported (to spot pinning). */
  clientCaPem?: string;
  thalesClientCertificatePem?: string;
  /** A private trust store the customer declared to Thales (PEM); the Mozilla roots always count. */
  trustPem?: string;
  /** The Mozilla-recognized roots as PEM; Node's bundled list (tls.rootCertificates) unless given. */
  mozillaRootsPem?: readonly string[];
  profile?: ProgramProfile;
  timeouts?: Partial<OutboundTimeouts>;
  dns?: DnsDependencies;
  signal?: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
  now?: () => Date;
}

let throwaway: Promise<ClientCredentials> | undefined;

/** A self-signed client certificate no server should trust, made once per process. */
function throwawayClient(): Promise<ClientCredentials> {
  return (throwaway ??= (async () => {
    const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=mtls-desk throwaway client (must be refused)',
      notBefore: new Date(Date.now() - 3_600_000),
      notAfter: new Date(Date.now() + 86_400_000),
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
        new x509.BasicConstraintsExtension(false),
      ],
    });
    return { certPem: cert.toString('pem'), key: KeyObject.from(keys.privateKey) };
  })());
}

interface RejectionProbe {
  /** The server refused the connection (alert, close, or nginx's HTTP 400 about the certificate). */
  rejected: boolean;
  how: string;
  /** How, as data said in the app's language. */
  howText: ProbeText;
  evidence: TlsEvidence | null;
  /** The chain as sent and the acceptable CA names (DER), as read from this connection. */
  chainDer: Buffer[];
  caNamesDer: Buffer[] | null;
  httpStatus?: number;
  /** The connection failed for a reason that says nothing about client certificates (not TLS, silent, ...). */
  failure?: { id: DiagnosisId; reason: string; reasonText: ProbeText };
}

function observed(session: TlsSession): {
  evidence: TlsEvidence;
  chainDer: Buffer[];
  caNamesDer: Buffer[] | null;
} {
  const reading = session.refreshReading();
  return {
    evidence: session.evidence(),
    chainDer: reading.certificates,
    caNamesDer: reading.certificateRequest?.caNames ?? null,
  };
}

/** Connects with the given client credentials (or none) and says whether the server refused. */
async function tryClient(
  run: OutboundRun,
  credentials: ClientCredentials | undefined,
  connected?: Socket,
): Promise<RejectionProbe> {
  const { host, port, timeouts, signal } = run;
  const raw = connected ?? (await connectTcp(run.address, port, timeouts.connect, signal));
  const session = new TlsSession(raw, {
    servername: host,
    credentials,
    timeoutMs: timeouts.handshake,
    signal,
  });
  try {
    const outcome = await session.handshake();
    if (!outcome.ok) {
      if (outcome.error instanceof Cancelled) throw outcome.error;
      const c = classifyTlsFailure(
        session.failureEvidence(outcome.error, {
          afterHandshake: false,
          timedOut: outcome.timedOut,
          clientCertificateExpired: false,
        }),
      );
      const seen = observed(session);
      const aboutCertificate = c.id.startsWith('client-cert');
      return {
        rejected: aboutCertificate,
        how: `handshake refused: ${c.reason}`,
        howText: probeText('outbound.how.handshake-refused', { reason: c.reasonText }),
        ...seen,
        ...(aboutCertificate ? {} : { failure: c }),
      };
    }
    return await afterHandshake(run, session);
  } finally {
    session.close();
    raw.destroy();
  }
}

/** Whether a server that completed the handshake refuses the connection right after it. */
async function afterHandshake(run: OutboundRun, session: TlsSession): Promise<RejectionProbe> {
  const { host, port, timeouts, signal } = run;
  try {
    const answer = await httpRoundTrip(
      session.socket!,
      hostHeader(host, port),
      '/',
      timeouts.http,
      signal,
    );
    const seen = observed(session);
    if (answer.kind === 'closed')
      return {
        rejected: true,
        how: 'the server closed the connection after the handshake without answering',
        howText: probeText('outbound.how.closed'),
        ...seen,
      };
    const body = answer.bodyStart ?? '';
    const complaint = answer.status === 400 ? nginxCertificateComplaint(body) : null;
    if (complaint) {
      return {
        rejected: true,
        how: `HTTP 400 "${NGINX_CERTIFICATE_PAGES[complaint]}"`,
        howText: probeText('outbound.how.nginx', { page: NGINX_CERTIFICATE_PAGES[complaint] }),
        ...seen,
        httpStatus: 400,
      };
    }
    return {
      rejected: false,
      how:
        answer.kind === 'response'
          ? `the server answered HTTP ${answer.status}`
          : 'the server answered after the handshake',
      howText:
        answer.kind === 'response'
          ? probeText('outbound.how.http', { status: String(answer.status) })
          : probeText('outbound.how.answered'),
      ...seen,
      httpStatus: answer.status,
    };
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    const seen = observed(session);
    if (error instanceof StepTimeout)
      return {
        rejected: false,
        how: 'the handshake completed and the server kept the connection open without refusing it',
        howText: probeText('outbound.how.kept-open'),
        ...seen,
      };
    const c = classifyTlsFailure(
      session.failureEvidence(error, {
        afterHandshake: true,
        timedOut: false,
        clientCertificateExpired: false,
      }),
    );
    return {
      rejected: true,
      how: `refused after the handshake: ${c.reason}`,
      howText: probeText('outbound.how.refused-after', { reason: c.reasonText }),
      ...seen,
    };
  }
}

/** What one outbound check run knows; the checks read it and add what they found. */
interface OutboundRun {
  request: OutboundCheckRequest;
  host: string;
  port: number;
  timeouts: OutboundTimeouts;
  signal: AbortSignal;
  address: string;
  reachable: boolean;
  hellos: Map<string, HelloProbeResult>;
  noCert?: RejectionProbe;
  /** The reachability check's connection, kept open for the no-certificate handshake. */
  spare?: Socket;
  /** Settles when the no-certificate connection is over (undefined if it threw). */
  noCertDone: Promise<RejectionProbe | undefined>;
  settleNoCert: (probe: RejectionProbe | undefined) => void;
}

/** The kept connection, if it is still open (taken once). */
function takeSpare(run: OutboundRun): Socket | undefined {
  const socket = run.spare;
  run.spare = undefined;
  if (socket && !socket.destroyed && socket.readyState === 'open') return socket;
  socket?.destroy();
  return undefined;
}

/** The order checks are listed in, most telling first (they run partly at once). */
const CHECK_ORDER: ReadinessCheckId[] = [
  'reachable',
  'client-cert-required',
  'foreign-client-rejected',
  'tls-versions',
  'server-chain',
  'client-ca-listed',
  'port',
];

function checkFailed(
  error: unknown,
  signal: AbortSignal,
  request: OutboundCheckRequest,
  totalMs: number,
): CheckOutcome {
  return error instanceof Cancelled || signal.aborted
    ? {
        status: 'fail',
        diagnosis: 'probe-cancelled',
        summary: request.signal?.aborted
          ? 'the check was cancelled'
          : `the check ran out of its total time (${totalMs} ms)`,
        summaryText: request.signal?.aborted
          ? probeText('outbound.cancelled')
          : probeText('outbound.out-of-time', { ms: totalMs }),
        details: {},
      }
    : error instanceof StepTimeout || (error as NodeJS.ErrnoException).code
      ? {
          status: 'fail',
          diagnosis:
            (error as NodeJS.ErrnoException).code === 'ECONNREFUSED'
              ? 'tcp-refused'
              : 'tcp-timeout',
          summary: `cannot connect: ${(error as Error).message}`,
          summaryText: probeText('outbound.cannot-connect', { error: (error as Error).message }),
          details: {},
        }
      : {
          status: 'fail',
          diagnosis: 'tls-handshake-failed',
          summary: `the check could not run: ${(error as Error).message}`,
          summaryText: probeText('outbound.could-not-run', { error: (error as Error).message }),
          details: {},
        };
}

export async function checkOutboundReadiness(
  request: OutboundCheckRequest,
): Promise<OutboundReadinessResult> {
  const timeouts = { ...DEFAULT_OUTBOUND_TIMEOUTS, ...request.timeouts };
  const now = (request.now ?? (() => new Date()))();
  const started = performance.now();
  const deadline = probeDeadline(timeouts.total, request.signal);
  const { host, port } = request;
  let settleNoCert: OutboundRun['settleNoCert'] = () => undefined;
  const noCertDone = new Promise<RejectionProbe | undefined>((resolve) => {
    settleNoCert = resolve;
  });
  const run: OutboundRun = {
    request,
    host,
    port,
    timeouts,
    signal: deadline.signal,
    address: host,
    reachable: false,
    hellos: new Map(),
    noCertDone,
    settleNoCert,
  };
  const checks: ReadinessCheck[] = [];
  const check = stepRunner<ReadinessCheckId, CheckOutcome>({
    started,
    onProgress: request.onProgress,
    onError: (error) => checkFailed(error, run.signal, request, timeouts.total),
    record: (id, outcome, timing) => checks.push({ id, ...timing, ...outcome }),
  });

  let evidence: TlsEvidence | null = null;
  try {
    await check('port', () => portCheck(run));
    await check('reachable', () => reachableCheck(run));
    if (run.reachable) {
      await Promise.all([
        check('tls-versions', () => tlsVersionsCheck(run)),
        check('client-cert-required', () => clientCertRequiredCheck(run)),
        check('foreign-client-rejected', () => foreignClientCheck(run)),
      ]);
      const seen = handshakeSeen(run);
      evidence = seen.evidence;
      await check('client-ca-listed', () =>
        clientCaCheck(request, seen.caNamesDer, seen.certificateRequested),
      );
      await check('server-chain', () =>
        serverChainCheck(request, seen.chainDer, seen.chainCount, now),
      );
    }
  } finally {
    deadline.dispose();
    run.settleNoCert(undefined);
    takeSpare(run)?.destroy();
  }
  checks.sort((a, b) => CHECK_ORDER.indexOf(a.id) - CHECK_ORDER.indexOf(b.id));
  const worst = checks.find((c) => c.status === 'fail');
  return {
    kind: 'outbound',
    ok: worst === undefined,
    target: { host, port },
    startedAt: now.toISOString(),
    totalMs: roundMs(performance.now() - started),
    diagnosis: diagnosisText(worst?.diagnosis ?? 'ok'),
    checks,
    evidence: { tls: evidence },
  };
}

/**
 * The chain and CA list to judge: TLS 1.2 sends them in clear; for a 1.3-only server, the
 * decrypted handshake of the no-certificate connection has them.
 */
function handshakeSeen(run: OutboundRun) {
  const tls12 = run.hellos.get('TLSv1.2')?.reading;
  const evidence = run.noCert?.evidence ?? null;
  const fromHello = tls12 !== null && tls12 !== undefined && tls12.certificates.length > 0;
  return {
    evidence,
    chainDer: fromHello ? tls12.certificates : (run.noCert?.chainDer ?? []),
    chainCount: fromHello ? tls12.certificateCount : (evidence?.chainLength ?? 0),
    caNamesDer: tls12?.certificateRequest?.caNames ?? run.noCert?.caNamesDer ?? null,
    certificateRequested: tls12?.certificateRequest
      ? true
      : fromHello && tls12.complete
        ? false
        : (evidence?.certificateRequested ?? null),
  };
}

function portCheck(run: OutboundRun): CheckOutcome {
  const { port } = run;
  const allowedPorts = run.request.profile?.outbound.ports ?? STANDARD_PORTS;
  return allowedPorts.includes(port)
    ? {
        status: 'pass',
        summary: `port ${port} is one Thales calls`,
        summaryText: probeText('outbound.port.pass', { port }),
        details: { port },
      }
    : {
        status: 'warn',
        diagnosis: 'port-unusual',
        summary: `port ${port}: Thales calls ${allowedPorts.join(' or ')}`,
        summaryText: probeText('outbound.port.unusual', { port, ports: allowedPorts.join('、') }),
        details: { port, allowedPorts },
      };
}

async function reachableCheck(run: OutboundRun): Promise<CheckOutcome> {
  const { host, port } = run;
  const resolution = await resolveName(
    host,
    run.request.dns ?? systemDns(),
    run.timeouts.connect,
    run.signal,
  );
  if (resolution.kind === 'not-found')
    return {
      status: 'fail',
      diagnosis: 'dns-not-found',
      summary: `${host} does not resolve`,
      summaryText: probeText('outbound.reachable.not-found', { host }),
      details: { dnsError: resolution.dnsError },
    };
  const address = (run.address = resolution.addresses[0].address);
  const socket = await connectTcp(address, port, run.timeouts.connect, run.signal);
  // Kept for the no-certificate handshake, which starts at once: one connection fewer.
  socket.on('error', () => socket.destroy());
  run.spare = socket;
  run.reachable = true;
  const details = {
    address,
    dnsRecords: resolution.dnsRecords,
    systemResolver: resolution.systemAddresses,
  };
  if (resolution.kind === 'hosts-file-pin')
    return {
      status: 'warn',
      diagnosis: 'dns-hosts-file-pin',
      summary: `reachable at ${address}, but the system resolver and DNS disagree about ${host}`,
      summaryText: probeText('outbound.reachable.pinned', { address, host }),
      details,
    };
  if (resolution.kind === 'ip-literal')
    return {
      status: 'warn',
      diagnosis: 'ip-literal',
      summary: `reachable at ${address}; Thales calls a host name (ISSUER_HOST), not an IP`,
      summaryText: probeText('outbound.reachable.ip-literal', { address }),
      details,
    };
  return {
    status: 'pass',
    summary: `${host} resolves and port ${port} accepts connections`,
    summaryText: probeText('outbound.reachable.pass', { host, port }),
    details,
  };
}

async function tlsVersionsCheck(run: OutboundRun): Promise<CheckOutcome> {
  const started = performance.now();
  const hello = (version: (typeof TLS_VERSIONS)[number]) =>
    probeClientHello({
      address: run.address,
      port: run.port,
      servername: run.host,
      version,
      timeoutMs: run.timeouts.handshake,
      signal: run.signal,
    });
  // TLS 1.3: the no-certificate connection offers it with the same suites; when it negotiated
  // 1.3, that is the answer a raw 1.3 hello would get, so only otherwise is one sent.
  const tls13 = async (): Promise<HelloProbeResult> => {
    const noCert = await run.noCertDone;
    if (noCert?.evidence?.protocol !== 'TLSv1.3' || run.signal.aborted) return hello('TLSv1.3');
    return {
      version: 'TLSv1.3',
      accepted: true,
      negotiated: 'TLSv1.3',
      alert: null,
      outcome: 'server-hello',
      reading: null,
      ms: Math.round(performance.now() - started),
    };
  };
  const results = await Promise.all(
    TLS_VERSIONS.map((version) => (version === 'TLSv1.3' ? tls13() : hello(version))),
  );
  if (run.signal.aborted) throw new Cancelled();
  for (const r of results) run.hellos.set(r.version, r);
  return versionsVerdict(results);
}

/** What the raw hellos of every version say about the server's versions and cipher suites. */
function versionsVerdict(results: HelloProbeResult[]): CheckOutcome {
  const accepted = results.filter((r) => r.accepted).map((r) => r.version);
  const details = {
    accepted,
    probes: results.map((r) => ({
      version: r.version,
      accepted: r.accepted,
      negotiated: r.negotiated,
      alert: r.alert,
      outcome: r.outcome,
      ms: r.ms,
    })),
  };
  return { ...versionsFinding(results, accepted), details };
}

function versionsFinding(
  results: HelloProbeResult[],
  accepted: string[],
): Omit<CheckOutcome, 'details'> {
  if (results.every((r) => r.outcome === 'not-tls'))
    return {
      status: 'fail',
      diagnosis: 'not-tls',
      summary: 'the port does not answer TLS',
      summaryText: probeText('outbound.versions.not-tls'),
    };
  if (
    results.every(
      (r) => r.outcome === 'timeout' || r.outcome === 'closed' || r.outcome === 'unreachable',
    )
  ) {
    return {
      status: 'fail',
      diagnosis: 'tls-no-response',
      summary: 'the server answered no TLS hello, whatever the version',
      summaryText: probeText('outbound.versions.silent'),
    };
  }
  const legacy = accepted.filter((v) => LEGACY_TLS_VERSIONS.includes(v));
  if (legacy.length > 0)
    return {
      status: 'fail',
      diagnosis: 'tls-legacy-accepted',
      summary: `the server accepts ${legacy.join(' and ')}`,
      summaryText: probeText('outbound.versions.legacy', { versions: legacy.join(', ') }),
    };
  if (!accepted.includes('TLSv1.2') && !accepted.includes('TLSv1.3')) {
    // handshake_failure (or insufficient_security) to a 1.2/1.3 hello, where an unsupported
    // version gets protocol_version: the server speaks the version but shares no suite.
    const refusedHello = results.find(
      (r) =>
        (r.version === 'TLSv1.2' || r.version === 'TLSv1.3') &&
        r.negotiated === null &&
        (r.alert === 40 || r.alert === 71),
    );
    return refusedHello
      ? {
          status: 'fail',
          diagnosis: 'tls-no-common-cipher',
          summary: `the server answers a ${refusedHello.version} hello with alert ${refusedHello.alert} before choosing a cipher suite: no cipher suite in common`,
          summaryText: probeText('outbound.versions.no-cipher', {
            version: refusedHello.version,
            alert: refusedHello.alert ?? 0,
          }),
        }
      : {
          status: 'fail',
          diagnosis: 'tls-version-too-low',
          summary: 'the server accepts neither TLS 1.2 nor TLS 1.3',
          summaryText: probeText('outbound.versions.too-low'),
        };
  }
  if (!accepted.includes('TLSv1.3'))
    return {
      status: 'warn',
      diagnosis: 'tls13-not-accepted',
      summary: 'TLS 1.2 accepted, TLS 1.3 refused; 1.0 and 1.1 refused',
      summaryText: probeText('outbound.versions.no-13'),
    };
  if (!accepted.includes('TLSv1.2'))
    return {
      status: 'warn',
      diagnosis: 'tls12-not-accepted',
      summary: 'only TLS 1.3 is accepted: a Thales client limited to TLS 1.2 could not connect',
      summaryText: probeText('outbound.versions.no-12'),
    };
  return {
    status: 'pass',
    summary: 'TLS 1.2 and 1.3 accepted, 1.0 and 1.1 refused',
    summaryText: probeText('outbound.versions.pass'),
  };
}

async function clientCertRequiredCheck(run: OutboundRun): Promise<CheckOutcome> {
  let noCert: RejectionProbe;
  try {
    noCert = run.noCert = await tryClient(run, undefined, takeSpare(run));
  } finally {
    run.settleNoCert(run.noCert);
  }
  if (noCert.failure)
    return {
      status: 'fail',
      diagnosis: noCert.failure.id,
      summary: `cannot tell: the connection failed first (${noCert.failure.reason})`,
      summaryText: probeText('outbound.cannot-tell', { reason: noCert.failure.reasonText }),
      details: { how: noCert.how, howText: noCert.howText },
    };
  return noCert.rejected
    ? {
        status: 'pass',
        summary: `a connection without a client certificate is refused (${noCert.how})`,
        summaryText: probeText('outbound.no-cert.refused', { how: noCert.howText }),
        details: { how: noCert.how, howText: noCert.howText },
      }
    : {
        status: 'fail',
        diagnosis: 'mtls-not-enforced',
        summary: `a connection without a client certificate was accepted: ${noCert.how}`,
        summaryText: probeText('outbound.no-cert.accepted', { how: noCert.howText }),
        details: { how: noCert.how, howText: noCert.howText, httpStatus: noCert.httpStatus },
      };
}

async function foreignClientCheck(run: OutboundRun): Promise<CheckOutcome> {
  const foreign = await tryClient(run, await throwawayClient());
  if (foreign.failure)
    return {
      status: 'fail',
      diagnosis: foreign.failure.id,
      summary: `cannot tell: the connection failed first (${foreign.failure.reason})`,
      summaryText: probeText('outbound.cannot-tell', { reason: foreign.failure.reasonText }),
      details: { how: foreign.how, howText: foreign.howText },
    };
  return foreign.rejected
    ? {
        status: 'pass',
        summary: `a client certificate from an unknown CA is refused (${foreign.how})`,
        summaryText: probeText('outbound.foreign.refused', { how: foreign.howText }),
        details: { how: foreign.how, howText: foreign.howText },
      }
    : {
        status: 'fail',
        diagnosis: 'server-trusts-foreign-client',
        summary: `a throwaway self-signed client certificate was accepted: ${foreign.how}`,
        summaryText: probeText('outbound.foreign.accepted', { how: foreign.howText }),
        details: { how: foreign.how, howText: foreign.howText, httpStatus: foreign.httpStatus },
      };
}

type CheckOutcome = Omit<ReadinessCheck, 'id' | 'ms' | 'startMs'> & { summaryText: ProbeText };

function clientCaCheck(
  request: OutboundCheckRequest,
  caNamesDer: Buffer[] | null,
  certificateRequested: boolean | null,
): CheckOutcome {
  const caNames = caNamesDer?.map(distinguishedName) ?? null;
  const details: Record<string, unknown> = { acceptableCaNames: caNames };
  if (certificateRequested === false)
    return {
      status: 'fail',
      diagnosis: 'client-ca-not-listed',
      summary: 'the server does not ask for a client certificate at all',
      summaryText: probeText('outbound.client-ca.not-asked'),
      details,
    };
  if (caNames === null)
    return {
      status: 'warn',
      summary: 'the acceptable CA names could not be read from the handshake',
      summaryText: probeText('outbound.client-ca.unread'),
      details,
    };
  const clientCas = certificatesOf(request.clientCaPem);
  const leaves = [
    ...clientCas.filter((c) => !c.ca),
    ...certificatesOf(request.thalesClientCertificatePem).filter((c) => !c.ca),
  ];
  const subjectDer = (c: X509Certificate) => subjectNameDer(c.raw);
  const listed = (c: X509Certificate) => caNamesDer!.some((d) => d.equals(subjectDer(c)));
  const pinned = leaves.filter(listed);
  if (pinned.length > 0)
    return {
      status: 'fail',
      diagnosis: 'client-leaf-pinned',
      summary: `the server names the client certificate ${distinguishedName(subjectDer(pinned[0]))} as a CA: it pins a leaf`,
      summaryText: probeText('outbound.client-ca.leaf-pinned', {
        name: distinguishedName(subjectDer(pinned[0])),
      }),
      details,
    };
  const cas = clientCas.filter((c) => c.ca);
  if (cas.length === 0) {
    return caNames.length === 0
      ? {
          status: 'warn',
          summary:
            'the server lists no acceptable CA names; import the Thales Client CA to check it is trusted',
          summaryText: probeText('outbound.client-ca.none-listed'),
          details,
        }
      : {
          status: 'warn',
          summary: `the server lists ${caNames.length} CA name(s); import the Thales Client CA to check it is among them`,
          summaryText: probeText('outbound.client-ca.no-ca-imported', { count: caNames.length }),
          details,
        };
  }
  const found = cas.filter(listed);
  if (found.length === 0)
    return {
      status: 'fail',
      diagnosis: 'client-ca-not-listed',
      summary: `the server's acceptable CA names (${caNames.length}) do not include ${distinguishedName(subjectDer(cas[0]))}`,
      summaryText: probeText('outbound.client-ca.not-listed', {
        count: caNames.length,
        name: distinguishedName(subjectDer(cas[0])),
      }),
      details,
    };
  return {
    status: 'pass',
    summary: `the server names the Thales Client CA ${distinguishedName(subjectDer(found[0]))} among ${caNames.length} acceptable CA(s)`,
    summaryText: probeText('outbound.client-ca.pass', {
      name: distinguishedName(subjectDer(found[0])),
      count: caNames.length,
    }),
    details,
  };
}

function serverChainCheck(
  request: OutboundCheckRequest,
  chainDer: Buffer[],
  count: number,
  now: Date,
): CheckOutcome {
  if (chainDer.length === 0)
    return {
      status: 'fail',
      diagnosis: 'tls-handshake-failed',
      summary: 'the server chain could not be read from the handshake',
      summaryText: probeText('outbound.chain.unread'),
      details: {},
    };
  const chain = chainDer.map((der) => new X509Certificate(der));
  const host = request.host;
  const shape = serverChainShape(chain, count, host, now, 'outbound');
  const details: Record<string, unknown> = {
    chainLength: count,
    checks: shape.checks,
    chain: chain.map((c) => ({
      subject: oneLine(c.subject),
      issuer: oneLine(c.issuer),
      notAfter: c.validTo,
    })),
  };
  const problems: ChainProblem[] = [...shape.problems];
  const trust = chainTrustCheck(request, chain);
  details.trust = trust.trust;
  details.trustText = trust.trustText;
  problems.push(...trust.problems);
  const registered = certificatesOf(request.registeredChainPem);
  if (registered.length > 0) {
    const sent = new Set(chain.map((c) => c.fingerprint256));
    const same =
      registered[0].fingerprint256 === chain[0].fingerprint256 &&
      registered.every((c) => sent.has(c.fingerprint256) || c.subject === c.issuer);
    details.registeredChain = same ? 'matches' : 'differs';
    if (!same)
      problems.push({
        status: 'fail',
        diagnosis: 'server-chain-mismatch',
        summary: 'the chain the server sends is not the chain registered for Thales',
        summaryText: probeText('outbound.chain.mismatch'),
      });
  }
  const worst = problems.find((p) => p.status === 'fail') ?? problems[0];
  details.problems = problems;
  if (worst) return { ...worst, details };
  return {
    status: 'pass',
    summary: `the server sends a complete, ordered chain of ${count}, valid, covering ${host}, trusted through ${details.trust}`,
    summaryText: probeText('outbound.chain.pass', {
      count,
      host,
      trust: details.trust === 'a Mozilla-recognized root' ? 'mozilla' : 'declared',
    }),
    details,
  };
}

/**
 * Trust as Thales's client will judge it: a Mozilla-recognized root, or the private trust store
 * declared to Thales; how much an untrusted chain weighs depends on whether the program pins it.
 */
function chainTrustCheck(
  request: OutboundCheckRequest,
  chain: X509Certificate[],
): { trust: string; trustText: ProbeText; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  const privateAnchors = certificatesOf(request.trustPem);
  const mozilla = buildPath(chain, mozillaRoots(request.mozillaRootsPem));
  const declared =
    privateAnchors.length > 0
      ? buildPath(chain, privateAnchors)
      : { trusted: false, stoppedAt: chain[0] };
  const trust = mozilla.trusted
    ? 'a Mozilla-recognized root'
    : declared.trusted
      ? 'the declared private trust store'
      : 'none';
  if (!mozilla.trusted && !declared.trusted) {
    const incomplete =
      mozilla.stoppedAt === chain[0] && chain.length === 1 && chain[0].subject !== chain[0].issuer;
    // TSH/TMG: Thales pins whatever chain it is given; a Mozilla-trusted one is only recommended.
    const pinned = request.profile?.outbound.serverChainFromMozillaRoot === 'recommended';
    problems.push(
      incomplete
        ? {
            status: 'fail',
            diagnosis: 'server-chain-incomplete',
            summary:
              'the server sends only its own certificate, without the intermediate CA that issued it',
            summaryText: probeText('outbound.chain.incomplete'),
          }
        : {
            status: pinned ? 'warn' : 'fail',
            diagnosis: 'server-cert-untrusted',
            summary: `the chain stops at ${oneLine(mozilla.stoppedAt.subject)}, which is neither a Mozilla-recognized root nor in the declared trust store${pinned ? `: ${request.profile!.displayName} pins the chain you register, so this works, but a CA recognized by Mozilla is recommended` : ''}`,
            summaryText: pinned
              ? probeText('outbound.chain.untrusted-pinned', {
                  name: oneLine(mozilla.stoppedAt.subject),
                  program: request.profile!.displayName,
                })
              : probeText('outbound.chain.untrusted', { name: oneLine(mozilla.stoppedAt.subject) }),
          },
    );
  } else if (
    !mozilla.trusted &&
    request.profile?.outbound.serverChainFromMozillaRoot === 'required'
  ) {
    problems.push({
      status: 'warn',
      diagnosis: 'server-cert-untrusted',
      summary: `${request.profile.displayName} expects a CA recognized by Mozilla; a private CA needs the PEM trust store handed to Thales, and a warning before any CA change`,
      summaryText: probeText('outbound.chain.private-ca', {
        program: request.profile.displayName,
      }),
    });
  }
  const trustText = probeText('outbound.trust', {
    trust: mozilla.trusted ? 'mozilla' : declared.trusted ? 'declared' : 'none',
  });
  return { trust, trustText, problems };
}
