// `mtls-desk probe` (inbound: your backend -> Thales) and `mtls-desk check-server` (outbound
// readiness: Thales -> your server). Exit 0 when everything passes, 1 when a step or check
// fails, 2 for bad usage.
import { isIP } from 'node:net';
import { readInputFile } from '../../services/decode.js';
import { cliFix } from '../hints.js';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import {
  loadPemIdentity,
  loadPkcs12Identity,
  type ClientIdentity,
} from '../../services/probe/client-identity.js';
import { dnsThroughServer, systemDns } from '../../services/probe/dns.js';
import {
  probeInbound,
  type InboundProbeRequest,
  type TrustSource,
} from '../../services/probe/inbound.js';
import { inboundProbeOf, outboundCheckOf } from '../../services/probe/onboarding.js';
import type { Desk } from '../../services/desk.js';
import { checkOutboundReadiness } from '../../services/probe/outbound.js';
import { renderReport } from '../../services/probe/report.js';
import {
  checkTokenEndpoint,
  withTokenEndpointCheck,
} from '../../services/oauth/token-endpoint-check.js';
import { parseHostPort, parseProbeUrl } from '../../services/probe/target.js';
import type { InboundProbeResult, OutboundReadinessResult } from '../../../shared/diagnoses.js';
import { openCliDesk, unlockedDesk } from './desk-common.js';
import { isPkcs11Uri } from '../../../shared/pkcs11.js';
import { loadTokenIdentity } from '../../services/probe/client-identity.js';
import { moduleOf, PIN_SPECS, readPin, runWithEngine, tokenKeyArg } from './token.js';
import {
  EXIT,
  lazyPassphrase,
  readPassphrase,
  programAndEnvironment,
  type CliIO,
} from '../command.js';
import { defineCommand, printed, withExit, type Values } from '../define.js';
import { PASSPHRASE_SPECS, PROGRAM_SPECS } from '../options.js';

const SHARED_OPTIONS = {
  ...PROGRAM_SPECS,
  onboarding: {
    type: 'string',
    value: 'ID',
    description: 'take the identity, endpoint and trust from this onboarding, and record the run',
  },
  report: { type: 'string', value: 'FILE', description: 'write an HTML report to FILE' },
  force: { type: 'boolean', description: 'overwrite the report' },
  timeout: {
    type: 'string',
    value: 'MS',
    description: 'the total time allowed',
    integer: { min: 100, max: 600_000, unit: 'milliseconds' },
  },
  'dns-server': {
    type: 'string',
    value: 'IP[:PORT]',
    description: 'ask this DNS server directly (and skip the hosts file)',
  },
} as const;

function pemFile(path: string | undefined, what: string): string | undefined {
  if (path === undefined) return undefined;
  const text = readInputFile(path).toString('utf8');
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new UserError('bad-input', `${path} holds no PEM certificate: give the ${what} as PEM`);
  return text;
}

/** --dns-server asks one DNS server directly (and skips the hosts file), e.g. 10.0.0.53 or [::1]:5353. */
function dnsOption(server: string | undefined) {
  if (server === undefined) return systemDns();
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([\d.]+))(?::(\d{1,5}))?$/.exec(server);
  if (
    !match ||
    !isIP(match[1] ?? match[2]) ||
    (match[3] !== undefined && (Number(match[3]) < 1 || Number(match[3]) > 65535))
  ) {
    throw new UserError(
      'bad-input',
      `--dns-server "${server}" is not an IP address with an optional port (for example 10.0.0.53 or 10.0.0.53:5353)`,
    );
  }
  return dnsThroughServer(server);
}

function optionalProgram(io: CliIO, values: { program?: string; env?: string }, usage: string) {
  if (values.program === undefined && values.env === undefined) return undefined;
  return programAndEnvironment(io, values, usage).profile;
}

function writeReport(
  path: string | undefined,
  force: boolean,
  result: InboundProbeResult | OutboundReadinessResult,
  io: CliIO,
): void {
  if (path === undefined) return;
  writeFileAtomic(path, renderReport(result), { overwrite: force, mode: 0o644 });
  io.stderr(`report written to ${path}\n`);
}

/** --trust program|system; the service picks the default (the --ca chain, else the program's CA, else the system roots). */
function trustOption(
  value: string | undefined,
  caFile: string | undefined,
  program: string | undefined,
): TrustSource | undefined {
  if (value === undefined) return undefined;
  if (value !== 'program' && value !== 'system')
    throw new UserError(
      'bad-input',
      `--trust "${value}" is not program or system: give --trust program, --trust system, or a file with --ca`,
    );
  if (value === 'system' && caFile !== undefined)
    throw new UserError(
      'bad-input',
      '--trust system and --ca both say what to trust: drop one of them',
    );
  if (value === 'program' && program === undefined)
    throw new UserError(
      'bad-input',
      '--trust program needs the program: give --program and --env (or --onboarding)',
    );
  return value;
}

const STATUS_MARK = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: '--  ' } as const;

const probeUsage =
  'mtls-desk probe <https://host[:port]/base/path> [--onboarding ID | --cert client.pem --key client.key|pkcs11:... [--module LIB] | --p12 client.p12] [--pin-env VAR | --pin-file F] [--ca trust.pem] [--trust program|system] [--program <id> --env <id>] [--token-url URL] [--api-path PATH] [--report out.html [--force]] [--timeout MS] [--dns-server IP[:PORT]] [--json]';

const PROBE_OPTIONS = {
  ...SHARED_OPTIONS,
  cert: { type: 'string', value: 'FILE', description: 'the client certificate (PEM), with --key' },
  key: {
    type: 'string',
    value: 'FILE|pkcs11:...',
    description: 'the client key: a file, or the pkcs11: URI of a key on a token',
  },
  p12: { type: 'string', value: 'FILE', description: 'the client identity as PKCS#12' },
  ca: { type: 'string', value: 'FILE', description: 'trust this server chain or CA' },
  trust: {
    type: 'string',
    value: 'program|system',
    description: "trust the program's expected CA, or the system roots alone",
  },
  'token-url': { type: 'string', value: 'URL', description: 'the OAuth token endpoint (D1)' },
  'api-path': { type: 'string', value: 'PATH', description: 'the API path to call (D1)' },
  ...PASSPHRASE_SPECS,
  ...PIN_SPECS,
} as const;

type ProbeValues = Values<typeof PROBE_OPTIONS>;
type ProbeRequest = Omit<InboundProbeRequest, 'dns' | 'timeouts'>;

function checkProbeArgs(values: ProbeValues, positionals: string[]): void {
  if (positionals.length > 1 || (positionals.length === 0 && values.onboarding === undefined))
    throw new UserError(
      'bad-input',
      `give exactly one URL to test (or --onboarding ID). Usage: ${probeUsage}`,
    );
  if (values.p12 !== undefined && (values.cert !== undefined || values.key !== undefined))
    throw new UserError(
      'bad-input',
      '--p12 and --cert/--key both give a client identity: choose one',
    );
  if ((values.cert === undefined) !== (values.key === undefined))
    throw new UserError(
      'bad-input',
      `--cert and --key go together: give both. Usage: ${probeUsage}`,
    );
  if (
    values.onboarding !== undefined &&
    (values.cert ?? values.p12 ?? values.program ?? values.env) !== undefined
  )
    throw new UserError(
      'bad-input',
      '--onboarding brings its own client identity and program: drop --cert, --key, --p12, --program and --env',
    );
  if (
    values.onboarding === undefined &&
    tokenKeyArg(values.key) === null &&
    (values['token-url'] !== undefined || values['api-path'] !== undefined)
  )
    throw new UserError(
      'bad-input',
      "--token-url and --api-path sign a client assertion with an onboarding's OAuth key: give --onboarding ID",
    );
}

/** What to probe and with which identity; a number when a child process with the pkcs11 engine ran the probe. */
async function probeRequest(
  io: CliIO,
  values: ProbeValues,
  url: string | undefined,
  args: string[],
): Promise<{ request: ProbeRequest; desk?: Desk } | number> {
  const onboarding = values.onboarding;
  const tokenKey = tokenKeyArg(values.key);
  const oauthOptions = { tokenUrl: values['token-url'], apiPath: values['api-path'] };
  if (onboarding !== undefined && (values['pin-env'] ?? values['pin-file']) !== undefined) {
    // The onboarding's key is on a token: its PIN, not the vault's passphrase.
    const desk = openCliDesk(io);
    const current = desk.onboardings.get(onboarding).current;
    if (!current || !isPkcs11Uri(current.keyId))
      throw new UserError(
        'bad-input',
        `the key of ${onboarding} is in the vault, not on a token: give --passphrase-env or --passphrase-file instead of a PIN`,
      );
    const module = desk.tokens.module(values.module ?? current.tokenModule);
    const code = await runWithEngine(io, module, ['probe', ...args]);
    if (code !== null) return code;
    const pin = await readPin(io, values, tokenKeyArg(current.keyId)!);
    const engine = { engine: 'pkcs11' as const, pin };
    return { desk, request: await inboundProbeOf(desk, onboarding, url, oauthOptions, engine) };
  }
  if (onboarding !== undefined) {
    // The passphrase options unlock the vault that holds the onboarding's key.
    const desk = await unlockedDesk(io, values);
    return { desk, request: await inboundProbeOf(desk, onboarding, url, oauthOptions) };
  }
  const profile = optionalProgram(io, values, probeUsage);
  if (tokenKey !== null) {
    // A key on a token: Node's OpenSSL uses it through the pkcs11 engine, in a process started for it.
    const module = moduleOf(io, values.module);
    const code = await runWithEngine(io, module, ['probe', ...args]);
    if (code !== null) return code;
    const pin = await readPin(io, values, tokenKey);
    const identity = await loadTokenIdentity(values.cert!, values.key!, module, pin);
    return { request: { target: parseProbeUrl(url!), identity, profile } };
  }
  const passphrase = lazyPassphrase(io, values, 'passphrase for the client key');
  // --timeout bounds reading the identity too (a key file's derivations, a big chain), not
  // counting the time a person takes to type its passphrase.
  const load = { timeoutMs: values.timeout };
  let identity: ClientIdentity | undefined;
  if (values.p12 !== undefined) identity = await loadPkcs12Identity(values.p12, passphrase, load);
  else if (values.cert !== undefined)
    identity = await loadPemIdentity(values.cert, values.key!, passphrase, load);
  return { request: { target: parseProbeUrl(url!), identity, profile } };
}

export const probeCommand = defineCommand({
  name: 'probe',
  summary: 'test a live mTLS connection to Thales, step by step, with a plain diagnosis',
  usage: probeUsage,
  description: `Steps: identity, dns, tcp, tls, verify, http (+ oauth-token, oauth-api); each timed, with its own timeout.
OAuth 2.0 (D1): when the onboarding has an OAuth signing key, a client assertion is POSTed to the token endpoint
(--token-url, else the one recorded with mtls-desk oauth endpoints, else the probe host + /authz/v1/oauth2/token)
over the same mTLS identity, then --api-path (default: the URL's path) is called with the access token.
--onboarding ID takes the identity from the vault (unlocked with --passphrase-env/--passphrase-file, needs
MTLS_DESK_DATA_DIR), the endpoint (TSH_INBOUND_HOST) and trust (TSH_TLS_SERVER_CERTIFICATE_CHAIN), and records the run.
Trust: --ca FILE trusts that chain or CA (as the onboarding's TSH_TLS_SERVER_CERTIFICATE_CHAIN does).
--trust program trusts the program's expected CA (DigiCert SHA2 High Assurance Server CA for TSH/TMG, an Amazon CA
for D1): the chain must verify to a system root (or a --ca certificate) through a CA of that name; the default
with --program and no --ca. --trust system trusts the system roots alone; the default otherwise.
--json prints {"ok", "diagnosis": {"id", ...}, "steps": [{"name", "status", "ms", "details"}]}.
Exit 0 when every step passes, 1 when one fails, 2 for bad usage.`,
  options: PROBE_OPTIONS,
  positionals: [{ name: 'url', description: 'https://host[:port]/base/path' }],
  examples: [
    'mtls-desk probe https://tsh.example:443/api --cert client.pem --key client.key --program tsh-classic --env preprod',
    'mtls-desk probe --onboarding tsh-classic/CUST01/preprod --passphrase-env MTLS_PASS --json',
  ],
  async run({ values, positionals, args }, io) {
    checkProbeArgs(values, positionals);
    const trustSource = trustOption(values.trust, values.ca, values.program ?? values.onboarding);
    const trust = pemFile(values.ca, 'trusted server chain or CA');
    const dns = dnsOption(values['dns-server']);
    const made = await probeRequest(io, values, positionals[0], args);
    if (typeof made === 'number') return printed(made);
    const { request, desk } = made;
    if (trust) request.trustPem = [trust];
    // The system roots alone: an onboarding's imported chain does not count either.
    if (trustSource === 'system') delete request.trustPem;
    const result = await probeInbound({
      ...request,
      trustSource,
      dns,
      timeouts: values.timeout ? { total: values.timeout } : undefined,
    });
    if (desk && values.onboarding !== undefined)
      desk.onboardings.recordTest(values.onboarding, {
        direction: 'inbound',
        ok: result.ok,
        summary: result.diagnosis.title,
        result,
      });
    return finish(io, values, result);
  },
  text: resultText,
  json: resultJson,
});

type Result = InboundProbeResult | OutboundReadinessResult;

function rowsOf(result: Result) {
  return result.kind === 'inbound'
    ? result.steps.map((s) => ({
        name: s.name,
        status: s.status,
        ms: s.ms,
        diagnosis: s.status === 'pass' ? undefined : s.diagnosis,
        summary: s.summary,
        // The sentence as data (its id and values), which the app says in its language.
        summaryText: s.summaryText,
        details: s.details,
      }))
    : result.checks.map((c) => ({
        id: c.id,
        status: c.status,
        ms: c.ms,
        diagnosis: c.status === 'pass' ? undefined : c.diagnosis,
        summary: c.summary,
        // The sentence as data (its id and values), which the app says in its language.
        summaryText: c.summaryText,
        details: c.details,
      }));
}

/** Writes the report if asked; the result, with exit 1 when a step or check failed. */
function finish(io: CliIO, values: { report?: string; force: boolean }, result: Result) {
  writeReport(values.report, values.force, result, io);
  return withExit(result, result.ok ? EXIT.ok : EXIT.failed);
}

function resultJson(result: Result) {
  return {
    ok: result.ok,
    diagnosis: result.diagnosis,
    target: result.target,
    totalMs: result.totalMs,
    [result.kind === 'inbound' ? 'steps' : 'checks']: rowsOf(result),
    evidence: result.evidence,
  };
}

function resultText(result: Result, { values }: { values: { onboarding?: string } }): string {
  const title =
    result.kind === 'inbound' ? result.target.url : `${result.target.host}:${result.target.port}`;
  const width = result.kind === 'inbound' ? 9 : 24;
  const lines = rowsOf(result).map(
    (r) =>
      `  ${STATUS_MARK[r.status]} ${('name' in r ? r.name : r.id).padEnd(width)}${`${r.ms.toFixed(0)} ms`.padStart(8)}  ${r.summary}${r.diagnosis ? ` [${r.diagnosis}]` : ''}\n`,
  );
  const d = result.diagnosis;
  return `${title}\n${lines.join('')}\n${result.ok ? 'PASS' : 'FAIL'}: ${d.title} (${d.id})\n  ${d.cause}\n  fix: ${cliFix({ fix: d.fix, details: { need: d.need, onboardingId: values.onboarding } })}\n`;
}

const checkUsage =
  'mtls-desk check-server <host[:port]> [--onboarding ID] [--chain server-chain.pem] [--client-ca thales-client-ca.pem] [--thales-client-cert thales-client.pem] [--trust private-roots.pem] [--program <id> --env <id>] [--token-endpoint PATH --client-id ID (--client-secret-env VAR | --client-secret-file F) [--client-cert C --client-key K]] [--report out.html [--force]] [--timeout MS] [--dns-server IP[:PORT]] [--json]';

/**
 * D1 Push Provisioning: --token-endpoint PATH checks your OAuth token endpoint too. The client
 * secret comes from an environment variable, a file or a prompt, is used for this check's requests
 * only and is never stored or printed.
 */
async function tokenEndpointOptions(
  io: CliIO,
  values: {
    'token-endpoint'?: string;
    'client-id'?: string;
    'client-secret-env'?: string;
    'client-secret-file'?: string;
    'client-cert'?: string;
    'client-key'?: string;
  },
) {
  const path = values['token-endpoint'];
  const extra = [
    'client-id',
    'client-secret-env',
    'client-secret-file',
    'client-cert',
    'client-key',
  ] as const;
  if (path === undefined) {
    const given = extra.find((name) => values[name] !== undefined);
    if (given)
      throw new UserError(
        'bad-input',
        `--${given} goes with --token-endpoint PATH (e.g. /authz/d1/v1/oauth2/token)`,
      );
    return undefined;
  }
  if (!path.startsWith('/'))
    throw new UserError(
      'bad-input',
      `--token-endpoint "${path.slice(0, 80)}" is a path on your host: give it like /authz/d1/v1/oauth2/token`,
    );
  const clientId = values['client-id'];
  if (!clientId)
    throw new UserError(
      'bad-input',
      '--token-endpoint needs --client-id ID: the client id you registered with Thales for D1 to call your token endpoint',
    );
  if ((values['client-cert'] === undefined) !== (values['client-key'] === undefined))
    throw new UserError('bad-input', '--client-cert and --client-key go together: give both');
  const clientSecret = await readPassphrase(
    io,
    values['client-secret-env'],
    values['client-secret-file'],
    'client secret of your OAuth token endpoint',
  );
  if (clientSecret === undefined)
    throw new UserError(
      'passphrase-required',
      'the client secret is needed: give --client-secret-env VAR or --client-secret-file F',
    );
  const identity =
    values['client-cert'] !== undefined
      ? await loadPemIdentity(values['client-cert'], values['client-key']!)
      : undefined;
  return { path, clientId, clientSecret, credentials: identity?.credentials };
}

const CHECK_OPTIONS = {
  ...SHARED_OPTIONS,
  chain: { type: 'string', value: 'FILE', description: 'the server chain registered for Thales' },
  'client-ca': { type: 'string', value: 'FILE', description: 'the Thales Client CA' },
  'thales-client-cert': {
    type: 'string',
    value: 'FILE',
    description: 'the Thales client certificate',
  },
  trust: { type: 'string', value: 'FILE', description: 'a private trust store (PEM)' },
  'token-endpoint': {
    type: 'string',
    value: 'PATH',
    description: 'check your OAuth token endpoint too (D1 Push Provisioning)',
  },
  'client-id': { type: 'string', value: 'ID', description: 'the client id registered for D1' },
  'client-secret-env': {
    type: 'string',
    value: 'VAR',
    description: 'the environment variable that holds the client secret',
  },
  'client-secret-file': {
    type: 'string',
    value: 'FILE',
    description: 'a file that holds the client secret',
  },
  'client-cert': { type: 'string', value: 'FILE', description: 'a client certificate for it' },
  'client-key': { type: 'string', value: 'FILE', description: 'its key' },
} as const;

export const checkServerCommand = defineCommand({
  name: 'check-server',
  summary: 'check your server is ready for Thales to call it (outbound mTLS readiness)',
  usage: checkUsage,
  description: `Checks (run concurrently): reachable, port, tls-versions, client-cert-required, foreign-client-rejected,
client-ca-listed, server-chain (+ token-endpoint with --token-endpoint).
--json prints {"ok", "checks": [{"id", "status", "diagnosis", "details"}], "diagnosis": {"id", ...}}.
Exit 0 when no check fails (warnings allowed), 1 when one fails, 2 for bad usage.`,
  options: CHECK_OPTIONS,
  positionals: [{ name: 'host[:port]', description: 'your server, as Thales calls it' }],
  examples: [
    'mtls-desk check-server api.example.com:443 --chain server-chain.pem --client-ca thales-client-ca.pem --program tsh-classic --env preprod',
  ],
  async run({ values, positionals }, io) {
    const onboarding = values.onboarding;
    if (positionals.length > 1 || (positionals.length === 0 && onboarding === undefined))
      throw new UserError(
        'bad-input',
        `give exactly one host:port to check (or --onboarding ID). Usage: ${checkUsage}`,
      );
    if (onboarding !== undefined && (values.program ?? values.env) !== undefined)
      throw new UserError(
        'bad-input',
        '--onboarding brings its own program: drop --program and --env',
      );
    const desk = onboarding !== undefined ? openCliDesk(io) : undefined;
    const fromOnboarding =
      desk && onboarding !== undefined
        ? outboundCheckOf(desk, onboarding, positionals[0])
        : undefined;
    const given = {
      registeredChainPem: pemFile(values.chain, 'server chain registered for Thales'),
      clientCaPem: pemFile(values['client-ca'], 'Thales Client CA'),
      thalesClientCertificatePem: pemFile(
        values['thales-client-cert'],
        'Thales client certificate',
      ),
    };
    const tokenCheck = await tokenEndpointOptions(io, values);
    const checked = await checkOutboundReadiness({
      ...(fromOnboarding ?? {
        ...parseHostPort(positionals[0]),
        profile: optionalProgram(io, values, checkUsage),
      }),
      ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
      trustPem: pemFile(values.trust, 'private trust store'),
      dns: dnsOption(values['dns-server']),
      timeouts: values.timeout ? { total: values.timeout } : undefined,
    });
    const trustPem =
      values.trust !== undefined ? [pemFile(values.trust, 'private trust store')!] : undefined;
    const result = tokenCheck
      ? withTokenEndpointCheck(
          checked,
          await checkTokenEndpoint({ ...checked.target, ...tokenCheck, trustPem }),
        )
      : checked;
    if (desk && onboarding !== undefined)
      desk.onboardings.recordTest(onboarding, {
        direction: 'outbound',
        ok: result.ok,
        summary: result.diagnosis.title,
        result,
      });
    return finish(io, values, result);
  },
  text: resultText,
  json: resultJson,
});
