// The outbound OAuth check (Push Provisioning): D1 calls your https://<host>/authz/d1/v1/oauth2/token
// with HTTP Basic client credentials and grant_type=client_credentials over mTLS. This check proves
// the endpoint requires a client certificate, answers 401 to a request without credentials and to a
// wrong secret, and answers the right credentials with a JSON access token and an expiry. The secret
// is used for the requests of this one check and kept nowhere; no result carries it or the token.
import { randomBytes } from 'node:crypto';
import type {
  DiagnosisId,
  OutboundReadinessResult,
  ReadinessCheck,
} from '../../../shared/diagnoses.js';
import { diagnosisText } from '../../../shared/diagnoses.js';
import { probeText, type ProbeText } from '../../../shared/i18n/probe-steps.js';
import type { ClientCredentials } from '../probe/session.js';
import { mtlsRequest, type MtlsHttpAnswer } from './mtls-http.js';

export interface TokenEndpointCheckRequest {
  host: string;
  port: number;
  path: string;
  clientId: string;
  /** Read once by the caller (environment variable, file or prompt); not kept. */
  clientSecret: string;
  /** A client certificate your server accepts (e.g. from a test CA it trusts in staging); without it the credential checks go without one. */
  credentials?: ClientCredentials;
  /** Your declared private trust store (PEM), besides the system roots. */
  trustPem?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Connect to this address instead of resolving the host (the one the outbound check resolved). */
  address?: { address: string; family: number };
}

interface Probe {
  check: string;
  ok: boolean | null;
  detail: string;
  /** The detail as data, said in the app's language. */
  detailText: ProbeText;
  diagnosis?: DiagnosisId;
}

/** RFC 6749 2.3.1: client id and secret form-URL-encoded, then base64 (what D1 sends). */
function basic(id: string, secret: string): string {
  const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export async function checkTokenEndpoint(
  request: TokenEndpointCheckRequest,
  startedAt = performance.now(),
): Promise<ReadinessCheck> {
  const start = performance.now();
  const signal = request.signal ?? new AbortController().signal;
  const hostPart = request.host.includes(':') ? `[${request.host}]` : request.host;
  const url = `https://${hostPart}:${request.port}${request.path}`;
  const timeoutMs = request.timeoutMs ?? 10_000;
  const body = new URLSearchParams({ grant_type: 'client_credentials' }).toString();
  const call = async (
    authorization: string | undefined,
    credentials: ClientCredentials | undefined,
  ): Promise<MtlsHttpAnswer | { error: string }> => {
    try {
      return await mtlsRequest({
        url,
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body,
        credentials,
        trustPem: request.trustPem,
        timeoutMs,
        signal,
        ...(request.address ? { address: request.address } : {}),
      });
    } catch (error) {
      const e = error as { code?: string; message?: string };
      if (e.code === 'ABORT_ERR') throw error;
      return { error: [e.code, e.message].filter(Boolean).join(': ') };
    }
  };
  const good = basic(request.clientId, request.clientSecret);
  const wrong = basic(
    request.clientId,
    `${request.clientSecret}-${randomBytes(6).toString('hex')}`,
  );
  const withCert = request.credentials;
  const [noCert, noCredentials, wrongSecret, right] = await Promise.all([
    call(good, undefined),
    call(undefined, withCert),
    call(wrong, withCert),
    call(good, withCert),
  ]);
  const probes = refusalProbes(noCert, noCredentials, wrongSecret);
  const answer = tokenAnswerProbe(right, request.path, withCert !== undefined);
  probes.push(answer.probe);
  const answerFacts = answer.facts;
  const failed = probes.find((p) => p.ok === false);
  const ms = Math.round((performance.now() - start) * 100) / 100;
  return {
    id: 'token-endpoint',
    status: failed ? 'fail' : 'pass',
    startMs: Math.round((start - startedAt) * 100) / 100,
    ms,
    ...(failed?.diagnosis ? { diagnosis: failed.diagnosis } : {}),
    summary: failed
      ? `${request.path}: ${failed.detail}`
      : `${request.path} requires the client certificate, refuses missing and wrong credentials with 401, and issues a Bearer token with an expiry`,
    summaryText: failed
      ? probeText('token-endpoint.failed', { path: request.path, detail: failed.detailText })
      : probeText('token-endpoint.pass', { path: request.path }),
    details: {
      url,
      clientId: request.clientId,
      clientCertificateGiven: withCert !== undefined,
      checks: probes.map(({ check, ok, detail, detailText }) => ({
        check,
        ok,
        detail,
        detailText,
      })),
      answer: answerFacts,
    },
  };
}

/** Adds the token endpoint check to an outbound readiness result (verdict and diagnosis recomputed). */
export function withTokenEndpointCheck(
  result: OutboundReadinessResult,
  check: ReadinessCheck,
): OutboundReadinessResult {
  const checks = [...result.checks, check];
  const firstFailure = checks.find((c) => c.status === 'fail');
  return {
    ...result,
    ok: firstFailure === undefined,
    checks,
    diagnosis: diagnosisText(firstFailure?.diagnosis ?? 'ok'),
    totalMs: Math.max(result.totalMs, check.startMs + check.ms),
  };
}

/** Whether the right credentials, with the client certificate, got a Bearer token with an expiry. */
function tokenAnswerProbe(
  right: MtlsHttpAnswer | { error: string },
  path: string,
  withCert: boolean,
): { probe: Probe; facts: Record<string, unknown> } {
  if (!('error' in right)) {
    const json = parseJson(right.body);
    const token = typeof json?.access_token === 'string' && json.access_token.length > 0;
    const bearer = typeof json?.token_type === 'string' && /^bearer$/i.test(json.token_type);
    const expiry =
      json?.expires_in !== undefined && /^\d+$/.test(String(json.expires_in))
        ? `expires_in ${String(json.expires_in)} s`
        : typeof json?.expires_at === 'string' && Number.isFinite(Date.parse(json.expires_at))
          ? `expires_at ${json.expires_at}`
          : null;
    const facts = {
      status: right.status,
      contentType: right.headers['content-type'] ?? null,
      tokenType: json?.token_type ?? null,
      expiry,
      accessTokenLength: token ? (json!.access_token as string).length : null,
    };
    const ok = right.status === 200 && token && bearer && expiry !== null;
    return {
      facts,
      probe: {
        check: 'client credentials answered with a token',
        ok,
        detail: ok
          ? `HTTP 200 with a Bearer access token (${expiry})`
          : right.status === 401 || right.status === 403
            ? `the client credentials given were refused (HTTP ${right.status})`
            : right.status === 404 || right.status === 405
              ? `nothing answers at ${path} (HTTP ${right.status})`
              : `HTTP ${right.status}: ${!json ? 'not JSON' : !token ? 'no access_token' : !bearer ? 'token_type is not Bearer' : 'no expires_in or expires_at'}`,
        detailText: ok
          ? probeText('token-endpoint.token', { expiry: expiry! })
          : right.status === 401 || right.status === 403
            ? probeText('token-endpoint.credentials-refused', { status: right.status })
            : right.status === 404 || right.status === 405
              ? probeText('token-endpoint.nothing-at', { path, status: right.status })
              : probeText('token-endpoint.bad-answer', {
                  status: right.status,
                  what: !json
                    ? 'not-json'
                    : !token
                      ? 'no-token'
                      : !bearer
                        ? 'not-bearer'
                        : 'no-expiry',
                }),
        ...(ok
          ? {}
          : {
              diagnosis:
                right.status === 401 || right.status === 403
                  ? ('token-endpoint-refuses-credentials' as const)
                  : right.status === 404 || right.status === 405
                    ? ('oauth-token-endpoint-not-found' as const)
                    : ('token-endpoint-bad-answer' as const),
            }),
      },
    };
  }
  return {
    facts: {},
    probe: {
      check: 'client credentials answered with a token',
      ok: false,
      detail: `the endpoint could not be reached with ${withCert ? 'the client certificate given' : 'no client certificate'} (${right.error})${withCert ? '' : ': give a client certificate and key your server accepts'}`,
      detailText: withCert
        ? probeText('token-endpoint.unreachable', { error: right.error })
        : probeText('token-endpoint.unreachable-no-cert', { error: right.error }),
      diagnosis: withCert ? 'oauth-token-endpoint-not-found' : 'client-cert-required',
    },
  };
}

type Answer = MtlsHttpAnswer | { error: string };

/** Without a client certificate, without credentials and with a wrong secret: each must be refused. */
function refusalProbes(noCert: Answer, noCredentials: Answer, wrongSecret: Answer): Probe[] {
  const probes: Probe[] = [];
  const statusOf = (a: Answer) => ('error' in a ? a.error : `HTTP ${a.status}`);
  const refusedWithoutCert =
    'error' in noCert || noCert.status === 400 || noCert.status === 495 || noCert.status === 496;
  probes.push({
    check: 'client certificate required',
    ok: refusedWithoutCert,
    detail: refusedWithoutCert
      ? `without a client certificate the connection is refused (${statusOf(noCert)})`
      : `without a client certificate, valid credentials got ${statusOf(noCert)}: the endpoint does not require mTLS`,
    detailText: refusedWithoutCert
      ? probeText('token-endpoint.cert-required', { answer: statusOf(noCert) })
      : probeText('token-endpoint.cert-not-required', { answer: statusOf(noCert) }),
    ...(refusedWithoutCert ? {} : { diagnosis: 'mtls-not-enforced' as const }),
  });
  const reached = (a: Answer): a is MtlsHttpAnswer => !('error' in a);
  if (reached(noCredentials)) {
    const ok = noCredentials.status === 401;
    probes.push({
      check: 'no credentials refused with 401',
      ok,
      detail: `a request without Authorization got HTTP ${noCredentials.status}`,
      detailText: probeText('token-endpoint.no-credentials', { status: noCredentials.status }),
      ...(ok ? {} : { diagnosis: 'token-endpoint-accepts-no-credentials' as const }),
    });
  }
  if (reached(wrongSecret)) {
    const ok = wrongSecret.status === 401;
    probes.push({
      check: 'wrong secret refused with 401',
      ok,
      detail: `a request with a wrong client secret got HTTP ${wrongSecret.status}`,
      detailText: probeText('token-endpoint.wrong-secret', { status: wrongSecret.status }),
      ...(ok ? {} : { diagnosis: 'token-endpoint-accepts-wrong-credentials' as const }),
    });
  }
  return probes;
}
