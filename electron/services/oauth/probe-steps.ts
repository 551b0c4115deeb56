// The probe's OAuth steps, after the mTLS handshake and the first HTTP answer: POST a fresh client
// assertion to the token endpoint over the same client identity, read the access token and its
// lifetime, then call one harmless API path with Authorization: Bearer. Each answer is turned into
// one diagnosis of shared/diagnoses.ts. The access token and the assertion never appear in a
// result: only their facts (kid, claims, lifetime, length).
import type { DiagnosisId, ProbeStepStatus } from '../../../shared/diagnoses.js';
import { probeText, type ProbeText } from '../../../shared/i18n/probe-steps.js';
import { CLOCK_SKEW_TOLERANCE_SECONDS, JWT_BEARER_GRANT } from '../../../shared/oauth.js';
import type { ClientCredentials } from '../probe/session.js';
import type { AssertionClaims } from './assertion.js';
import { HttpTimeout, mtlsRequest, type MtlsHttpAnswer } from './mtls-http.js';

/** What the probe needs to run the OAuth steps; built from the onboarding (its key stays in the vault). */
export interface OAuthProbeConfig {
  tokenUrl: string;
  /** The API path called with the token, on the probe's host (default: the probe URL's path). */
  apiPath?: string;
  /** Signs a fresh assertion for this audience at this time; the key leaves the vault only into this call. */
  sign: (
    audience: string,
    now: Date,
  ) => Promise<{ jwt: string; kid: string; claims: AssertionClaims }>;
}

export interface OAuthStepOutcome {
  status: ProbeStepStatus;
  diagnosis?: DiagnosisId;
  summary: string;
  summaryText: ProbeText;
  details?: Record<string, unknown>;
}

export interface OAuthStepContext {
  credentials?: ClientCredentials;
  trustPem?: string[];
  /** The probe's host and the address it connected to (reused when the token endpoint is on the same host). */
  host: string;
  port: number;
  address?: { address: string; family: number };
  timeoutMs: number;
  signal: AbortSignal;
  now: () => Date;
}

export interface TokenAnswerFacts {
  status: number;
  error?: string;
  errorDescription?: string;
  /** The server's Date header, and how far it is from our clock (server minus ours, seconds). */
  serverDate?: string;
  ourDate: string;
  skewSeconds?: number;
  /** The kid sent: left out when reading the server's words (a kid may spell anything). */
  kid?: string;
}

const TIME_WORDS =
  /\b(exp|expired|expir\w*|iat|nbf|not yet valid|not before|issued in the future|future|clock|too old|stale)\b/i;
const ALG_WORDS = /\b(alg|algorithm|ES256|RS256|PS256|HS256|signature algorithm|unsupported)\b/i;

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(body) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function skewOf(answer: { headers: Record<string, string> }, ours: Date) {
  const date = answer.headers.date;
  const server = date ? Date.parse(date) : NaN;
  return Number.isFinite(server)
    ? { serverDate: date, skewSeconds: Math.round((server - ours.getTime()) / 1000) }
    : {};
}

/** Which diagnosis a token endpoint's refusal is: by the OAuth error code, its words, and the clocks. */
export function classifyTokenRefusal(facts: TokenAnswerFacts): {
  id: DiagnosisId;
  reason: string;
  reasonText: ProbeText;
} {
  const description = facts.kid
    ? (facts.errorDescription ?? '').split(facts.kid).join('<kid>')
    : (facts.errorDescription ?? '');
  const text = `${facts.error ?? ''} ${description}`;
  const said = facts.error
    ? `${facts.error}${facts.errorDescription ? `: ${facts.errorDescription}` : ''}`
    : `HTTP ${facts.status}`;
  const skewed =
    facts.skewSeconds !== undefined && Math.abs(facts.skewSeconds) > CLOCK_SKEW_TOLERANCE_SECONDS;
  const clocks =
    facts.skewSeconds !== undefined
      ? `the server's Date is ${facts.serverDate}, ours ${facts.ourDate} (${facts.skewSeconds > 0 ? '+' : ''}${facts.skewSeconds} s)`
      : `the server sent no Date header to compare with ours (${facts.ourDate})`;
  const clocksText =
    facts.skewSeconds !== undefined
      ? probeText('oauth.clocks', {
          server: String(facts.serverDate),
          ours: facts.ourDate,
          skew: `${facts.skewSeconds > 0 ? '+' : ''}${facts.skewSeconds}`,
        })
      : probeText('oauth.clocks-no-date', { ours: facts.ourDate });
  if (facts.error === 'unsupported_algorithm' || (ALG_WORDS.test(text) && !TIME_WORDS.test(text)))
    return {
      id: 'oauth-unsupported-algorithm',
      reason: `the token endpoint refused the signature algorithm (${said})`,
      reasonText: probeText('oauth.token.algorithm', { said }),
    };
  if (TIME_WORDS.test(description) || (skewed && facts.error === 'invalid_grant'))
    return skewed
      ? {
          id: 'oauth-clock-skew',
          reason: `the token endpoint refused the assertion's times (${said}); ${clocks}`,
          reasonText: probeText('oauth.token.clock-skew', { said, clocks: clocksText }),
        }
      : {
          id: 'oauth-assertion-expired',
          reason: `the token endpoint says the assertion is expired or not yet valid (${said}), though the clocks agree: ${clocks}`,
          reasonText: probeText('oauth.token.expired', { said, clocks: clocksText }),
        };
  if (facts.error === 'invalid_client')
    return {
      id: 'oauth-invalid-client',
      reason: `the token endpoint does not know the signing key or its kid (${said})${skewed ? `; also, ${clocks}` : ''}`,
      reasonText: skewed
        ? probeText('oauth.token.invalid-client-skewed', { said, clocks: clocksText })
        : probeText('oauth.token.invalid-client', { said }),
    };
  if (facts.error === 'invalid_grant')
    return {
      id: 'oauth-invalid-grant',
      reason: `the token endpoint refused the assertion's claims (${said})`,
      reasonText: probeText('oauth.token.invalid-grant', { said }),
    };
  if (facts.status === 404 || facts.status === 405)
    return {
      id: 'oauth-token-endpoint-not-found',
      reason: `the token endpoint answered HTTP ${facts.status}`,
      reasonText: probeText('oauth.token.not-found', { status: facts.status }),
    };
  return {
    id: 'oauth-token-error',
    reason: `the token endpoint answered ${said}`,
    reasonText: probeText('oauth.token.error', { said }),
  };
}

function lifetime(
  json: Record<string, unknown>,
  now: Date,
): { seconds: number | null; expiresAt: string | null } {
  const raw = json.expires_in;
  const seconds =
    typeof raw === 'number'
      ? raw
      : typeof raw === 'string' && /^\d+$/.test(raw)
        ? Number(raw)
        : null;
  if (seconds !== null)
    return { seconds, expiresAt: new Date(now.getTime() + seconds * 1000).toISOString() };
  const at = typeof json.expires_at === 'string' ? Date.parse(json.expires_at) : NaN;
  return Number.isFinite(at)
    ? { seconds: Math.round((at - now.getTime()) / 1000), expiresAt: new Date(at).toISOString() }
    : { seconds: null, expiresAt: null };
}

function sameOrigin(url: URL, ctx: OAuthStepContext): boolean {
  const port = url.port ? Number(url.port) : 443;
  return url.hostname.replace(/^\[|\]$/g, '') === ctx.host && port === ctx.port;
}

function unreachable(error: unknown, what: string, url: string): OAuthStepOutcome {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  if (code === 'ABORT_ERR') throw error;
  const timedOut = error instanceof HttpTimeout;
  const noHost = /ENOTFOUND|ECONNREFUSED|EAI_AGAIN/.test(code);
  return {
    status: 'fail',
    diagnosis: noHost
      ? 'oauth-token-endpoint-not-found'
      : what === 'token'
        ? 'oauth-token-error'
        : 'http-error',
    summary: timedOut
      ? `no answer from ${url} in time`
      : `the ${what === 'token' ? 'token endpoint' : 'API'} at ${url} could not be reached over mTLS (${[code, message].filter(Boolean).join(': ')})`,
    summaryText: timedOut
      ? probeText('oauth.unreachable-timeout', { url })
      : probeText('oauth.unreachable', {
          what: what === 'token' ? 'token' : 'api',
          url,
          error: [code, message].filter(Boolean).join(': '),
        }),
    details: { url, error: [code, message].filter(Boolean).join(': ') },
  };
}

/** POSTs the assertion; on success hands the access token to `keep` (it never goes into the result). */
export async function tokenStep(
  config: OAuthProbeConfig,
  ctx: OAuthStepContext,
  keep: (token: string) => void,
): Promise<OAuthStepOutcome> {
  const url = new URL(config.tokenUrl);
  const signedAt = ctx.now();
  const assertion = await config.sign(config.tokenUrl, signedAt);
  const sent = {
    tokenUrl: config.tokenUrl,
    grantType: JWT_BEARER_GRANT,
    header: { alg: 'ES256', kid: assertion.kid },
    claims: assertion.claims,
  };
  let answer: MtlsHttpAnswer;
  try {
    answer = await mtlsRequest({
      url: config.tokenUrl,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: JWT_BEARER_GRANT,
        assertion: assertion.jwt,
      }).toString(),
      credentials: ctx.credentials,
      trustPem: ctx.trustPem,
      address: sameOrigin(url, ctx) ? ctx.address : undefined,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    });
  } catch (error) {
    const outcome = unreachable(error, 'token', config.tokenUrl);
    return { ...outcome, details: { ...outcome.details, sent } };
  }
  const ours = ctx.now();
  const json = parseJson(answer.body);
  const clocks = { ourDate: ours.toISOString(), ...skewOf(answer, ours) };
  const received = {
    status: answer.status,
    contentType: answer.headers['content-type'] ?? null,
    ...clocks,
  };
  return tokenAnswer(answer, json, { sent, received, clocks, kid: assertion.kid, ours }, keep);
}

/** The endpoint issued an access token: kept for the API call, and its lifetime told. */
function tokenIssued(
  json: Record<string, unknown>,
  accessToken: string,
  sent: Record<string, unknown>,
  received: Record<string, unknown>,
  kid: string,
  ours: Date,
  keep: (token: string) => void,
): OAuthStepOutcome {
  const life = lifetime(json, ours);
  keep(accessToken);
  return {
    status: 'pass',
    summary: `the token endpoint accepted the ES256 assertion (kid ${kid}) and issued a ${String(json.token_type ?? 'Bearer')} access token${life.seconds !== null ? ` valid for ${life.seconds} s` : ' (no lifetime given)'}`,
    summaryText:
      life.seconds !== null
        ? probeText('oauth.token.issued', {
            kid,
            type: String(json.token_type ?? 'Bearer'),
            seconds: life.seconds,
          })
        : probeText('oauth.token.issued-no-lifetime', {
            kid,
            type: String(json.token_type ?? 'Bearer'),
          }),
    details: {
      sent,
      received: {
        ...received,
        tokenType: json.token_type ?? null,
        expiresIn: life.seconds,
        expiresAt: life.expiresAt,
        scope: json.scope ?? null,
        accessTokenLength: accessToken.length,
      },
    },
  };
}

/** What the token endpoint's answer says: a token (kept apart), or why it refused. */
function tokenAnswer(
  answer: MtlsHttpAnswer,
  json: Record<string, unknown> | null,
  {
    sent,
    received,
    clocks,
    kid,
    ours,
  }: {
    sent: Record<string, unknown>;
    received: Record<string, unknown>;
    clocks: { ourDate: string } & ReturnType<typeof skewOf>;
    kid: string;
    ours: Date;
  },
  keep: (token: string) => void,
): OAuthStepOutcome {
  if (answer.status === 200 && json && typeof json.access_token === 'string' && json.access_token)
    return tokenIssued(json, json.access_token, sent, received, kid, ours, keep);
  const facts: TokenAnswerFacts = {
    status: answer.status,
    error: typeof json?.error === 'string' ? json.error : undefined,
    errorDescription:
      typeof json?.error_description === 'string'
        ? json.error_description.slice(0, 300)
        : undefined,
    ...clocks,
    kid: kid,
  };
  if (answer.status === 200)
    return {
      status: 'fail',
      diagnosis: 'oauth-token-error',
      summary: 'the token endpoint answered HTTP 200 without an access_token in JSON',
      summaryText: probeText('oauth.token.no-token'),
      details: { sent, received: { ...received, bodyStart: answer.body.slice(0, 300) } },
    };
  const c = classifyTokenRefusal(facts);
  return {
    status: 'fail',
    diagnosis: c.id,
    summary: c.reason,
    summaryText: c.reasonText,
    details: {
      sent,
      received: {
        ...received,
        error: facts.error ?? null,
        errorDescription: facts.errorDescription ?? null,
        bodyStart: json ? undefined : answer.body.slice(0, 300),
      },
    },
  };
}

/** Calls the API path with the access token. */
export async function apiStep(
  url: string,
  token: string,
  ctx: OAuthStepContext,
): Promise<OAuthStepOutcome> {
  let answer: MtlsHttpAnswer;
  try {
    answer = await mtlsRequest({
      url,
      method: 'GET',
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      credentials: ctx.credentials,
      trustPem: ctx.trustPem,
      address: sameOrigin(new URL(url), ctx) ? ctx.address : undefined,
      timeoutMs: ctx.timeoutMs,
      signal: ctx.signal,
    });
  } catch (error) {
    return unreachable(error, 'api', url);
  }
  const details = {
    url,
    status: answer.status,
    wwwAuthenticate: answer.headers['www-authenticate'] ?? null,
    bodyStart: answer.body.slice(0, 300),
  };
  if (answer.status === 401 || answer.status === 403)
    return {
      status: 'fail',
      diagnosis: 'oauth-token-refused',
      summary: `the API answered HTTP ${answer.status} to the access token the token endpoint had just issued`,
      summaryText: probeText('oauth.api.refused', { status: answer.status }),
      details,
    };
  if (answer.status < 400)
    return {
      status: 'pass',
      summary: `the API accepted the access token and answered HTTP ${answer.status}: mTLS and OAuth 2.0 both work`,
      summaryText: probeText('oauth.api.pass', { status: answer.status }),
      details,
    };
  if (answer.status === 404 || answer.status === 405)
    return {
      status: 'warn',
      diagnosis: 'http-error',
      summary: `the access token was not refused, but the API path answered HTTP ${answer.status}: check the API path`,
      summaryText: probeText('oauth.api.path', { status: answer.status }),
      details,
    };
  return {
    status: 'fail',
    diagnosis: 'http-error',
    summary: `the API answered HTTP ${answer.status} to the authorized call`,
    summaryText: probeText('oauth.api.error', { status: answer.status }),
    details,
  };
}
