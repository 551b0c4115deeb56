// Server configuration for Thales -> your server, generated from an onboarding for nginx, Apache
// httpd and HAProxy: listen on 443 (or 8443), TLS 1.2 and 1.3 only, the customer's server chain,
// client certificates required and verified against the Thales Client CA file only (never the
// Thales client certificate, which Thales rotates without notice), a verify depth that fits the
// CA file. The server key is only named by its path: it is never read here.
import { X509Certificate } from 'node:crypto';
import { lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import type { AuditLog } from './audit.js';
import { UserError } from './errors.js';
import { writeFileAtomic } from './files.js';
import type { Inventory, OnboardingRecord } from './inventory.js';

export const SERVER_KINDS = ['nginx', 'apache', 'haproxy'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

/** The file names the configuration refers to, written beside it with --out. */
export const SERVER_CHAIN_FILE = 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem';
export const CLIENT_CA_FILE = 'THALES_CLIENT_CA.pem';
/** Where the printed configuration expects the files when no folder is given. */
export const DEFAULT_CONFIG_DIR = '/etc/ssl/mtls-desk';

export interface ServerConfigInput {
  server: ServerKind;
  /** The host Thales calls (ISSUER_HOST); `_` (any) when not known yet. */
  serverName: string;
  /** The API base path of ISSUER_HOST, for the comment beside the application. */
  basePath: string;
  port: number;
  /** Paths the configuration names (absolute). */
  serverChainPath: string;
  serverKeyPath: string;
  clientCaPath: string;
  /** The Thales Client CA certificates (PEM), to choose the verify depth. */
  clientCaPem: string;
  /** Listen on this address only (tests: 127.0.0.1); every address by default. */
  listenAddress?: string;
  /** Where the application behind the TLS endpoint listens. */
  upstream?: string;
  /** A header line naming what the configuration is for. */
  title: string;
}

export interface ServerConfig {
  server: ServerKind;
  /** The configuration file's name (nginx and Apache: a site to include; HAProxy: sections to add). */
  fileName: string;
  text: string;
  /** What the person must still do, in sentences. */
  notes: string[];
}

const DEFAULT_UPSTREAM = 'http://127.0.0.1:8080';

/** The verify depth: the CA certificates above a client certificate, as many as the CA file holds (at least 2: an issuing CA under a root). */
export function verifyDepthFor(clientCaPem: string): number {
  const count = [...clientCaPem.matchAll(/-----BEGIN CERTIFICATE-----/g)].length;
  return Math.max(2, Math.min(count, 5));
}

function nginxConfig(input: ServerConfigInput, depth: number): string {
  const listen = input.listenAddress
    ? [`    listen ${hostPort(input.listenAddress, input.port)} ssl;`]
    : [`    listen ${input.port} ssl;`, `    listen [::]:${input.port} ssl;`];
  return `# ${input.title}
# nginx: include this server block in the http block (e.g. /etc/nginx/sites-enabled/).
server {
${listen.join('\n')}
    server_name ${input.serverName};

    # Your server chain, leaf first (what Thales pins), and its key.
    ssl_certificate     ${input.serverChainPath};
    ssl_certificate_key ${input.serverKeyPath};
    ssl_protocols       TLSv1.2 TLSv1.3;

    # Thales must present a client certificate issued by the Thales Client CA: this file holds
    # the CA only, never the Thales client certificate (Thales rotates it without notice).
    ssl_client_certificate ${input.clientCaPath};
    ssl_verify_client      on;
    ssl_verify_depth       ${depth};

    location / {
        # Your application, which serves the API base path ${input.basePath}.
        proxy_set_header X-Client-Verify $ssl_client_verify;
        proxy_set_header X-Client-DN     $ssl_client_s_dn;
        proxy_pass ${input.upstream ?? DEFAULT_UPSTREAM};
    }
}
`;
}

function apacheConfig(input: ServerConfigInput, depth: number): string {
  const address = input.listenAddress
    ? hostPort(input.listenAddress, input.port)
    : `*:${input.port}`;
  return `# ${input.title}
# Apache httpd 2.4: a virtual host to include (e.g. /etc/apache2/sites-enabled/), with mod_ssl
# enabled and "Listen ${input.port}" in ports.conf.
<VirtualHost ${address}>
    ServerName ${input.serverName}

    SSLEngine on
    SSLProtocol -all +TLSv1.2 +TLSv1.3
    # Your server chain, leaf first (what Thales pins), and its key.
    SSLCertificateFile    ${input.serverChainPath}
    SSLCertificateKeyFile ${input.serverKeyPath}

    # Thales must present a client certificate issued by the Thales Client CA: this file holds
    # the CA only, never the Thales client certificate (Thales rotates it without notice).
    SSLCACertificateFile ${input.clientCaPath}
    SSLVerifyClient require
    SSLVerifyDepth  ${depth}

    # Your application, which serves the API base path ${input.basePath}.
    <IfModule mod_proxy_http.c>
        RequestHeader set X-Client-DN "%{SSL_CLIENT_S_DN}s"
        ProxyPass        / ${input.upstream ?? DEFAULT_UPSTREAM}/
        ProxyPassReverse / ${input.upstream ?? DEFAULT_UPSTREAM}/
    </IfModule>
</VirtualHost>
`;
}

function haproxyConfig(input: ServerConfigInput, depth: number): string {
  const address = input.listenAddress
    ? hostPort(input.listenAddress, input.port)
    : `:${input.port}`;
  const upstream = new URL(input.upstream ?? DEFAULT_UPSTREAM);
  return `# ${input.title}
# HAProxy 2.x: add these sections to haproxy.cfg (after global and defaults). HAProxy reads the
# server key from ${input.serverChainPath}.key (mtls-desk server-config --out links it there).
frontend thales_mtls
    mode http
    # Your server chain, leaf first (what Thales pins); TLS 1.2 and 1.3 only. Thales must present
    # a client certificate issued by the Thales Client CA: ca-file holds the CA only, never the
    # Thales client certificate (Thales rotates it without notice). The CA file holds ${depth} level(s)
    # above the client certificate.
    bind ${address} ssl crt ${input.serverChainPath} ca-file ${input.clientCaPath} verify required ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3
    http-request set-header X-Client-DN %{+Q}[ssl_c_s_dn]
    default_backend your_application

backend your_application
    mode http
    # Your application, which serves the API base path ${input.basePath}.
    server app ${upstream.hostname}:${upstream.port || 80}
`;
}

function hostPort(address: string, port: number): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** The configuration text for one server; pure apart from reading nothing (the key is only named). */
export function renderServerConfig(input: ServerConfigInput): ServerConfig {
  const depth = verifyDepthFor(input.clientCaPem);
  const notes = [
    `Copy your server key to ${input.serverKeyPath} (readable by the server only); mtls-desk never reads it.`,
    'Test it with: mtls-desk check-server <host>:' +
      `${input.port} --client-ca ${input.clientCaPath} --chain ${input.serverChainPath}`,
  ];
  switch (input.server) {
    case 'nginx':
      return {
        server: 'nginx',
        fileName: 'nginx-thales-mtls.conf',
        text: nginxConfig(input, depth),
        notes,
      };
    case 'apache':
      return {
        server: 'apache',
        fileName: 'apache-thales-mtls.conf',
        text: apacheConfig(input, depth),
        notes,
      };
    case 'haproxy':
      return {
        server: 'haproxy',
        fileName: 'haproxy-thales-mtls.cfg',
        text: haproxyConfig(input, depth),
        notes: [
          `HAProxy reads the key from ${input.serverChainPath}.key: put the key there, or a link to it.`,
          ...notes.slice(1),
        ],
      };
  }
}

export interface OnboardingServerFiles {
  /** The server chain as the server sends it: leaf and intermediates, without a self-signed root. */
  serverChainPem: string;
  clientCaPem: string;
  serverName: string;
  basePath: string;
}

/** What an onboarding gives the server configuration; refuses, saying what to import, when something is missing. */
export function serverFilesOf(
  record: OnboardingRecord,
  profile: ProgramProfile,
): OnboardingServerFiles {
  const chain = record.assets.CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN?.certificates ?? [];
  const ca = record.assets.THALES_CLIENT_CA?.certificates ?? [];
  const missing = [
    ...(chain.length === 0 ? ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN (your server chain)'] : []),
    ...(ca.length === 0
      ? [
          `THALES_CLIENT_CA (the Thales Client CA${profile.portal ? `, from the ${profile.portal.name}` : ', shared during onboarding'})`,
        ]
      : []),
  ];
  if (missing.length > 0)
    throw new UserError(
      'not-found',
      `${record.id} has no ${missing.join(' and no ')} yet: import ${missing.length > 1 ? 'them' : 'it'} with mtls-desk import --onboarding ${record.id} --as <ASSET> FILE, then generate the server configuration`,
    );
  const sent = chain.filter((c, i) => i === 0 || !c.selfSigned);
  const host = record.assets.ISSUER_HOST?.host;
  return {
    serverChainPem: sent.map((c) => c.pem).join(''),
    clientCaPem: ca.map((c) => c.pem).join(''),
    serverName: host?.host ?? '_',
    basePath: host?.basePath ?? '/',
  };
}

export interface ServerConfigRequest {
  onboardingId: string;
  server: ServerKind;
  /** Path of the customer's server key, written into the configuration (never read). */
  serverKeyPath: string;
  /** 443 or 8443; any port only with allowAnyPort (tests). */
  port?: number;
  /** Write the configuration and the files it references here; without, the text only. */
  out?: string;
  overwrite?: boolean;
  /** Tests: listen on this address only. */
  listenAddress?: string;
  /** Tests: a free port instead of 443 or 8443. */
  allowAnyPort?: boolean;
}

export interface ServerConfigResult extends ServerConfig {
  onboardingId: string;
  port: number;
  /** Files written with --out (absolute paths), the configuration first. */
  written: string[];
}

export interface ServerConfigDeps {
  inventory: Inventory;
  audit: AuditLog;
}

/** The configuration of one onboarding for one server; with `out`, writes it beside the chain and CA files it names. */
export function serverConfigOf(
  deps: ServerConfigDeps,
  request: ServerConfigRequest,
): ServerConfigResult {
  const record = deps.inventory.get(request.onboardingId);
  const profile = deps.inventory.profileOf(record);
  const port = request.port ?? profile.outbound.ports[0] ?? 443;
  if (!request.allowAnyPort && !profile.outbound.ports.includes(port))
    throw new UserError(
      'bad-input',
      `port ${port} is not one Thales calls: use ${profile.outbound.ports.join(' or ')}`,
    );
  if (!isAbsolute(request.serverKeyPath))
    throw new UserError(
      'bad-input',
      `--server-key "${request.serverKeyPath}" must be an absolute path: the server reads it from wherever it starts`,
    );
  const files = serverFilesOf(record, profile);
  for (const pem of [files.serverChainPem, files.clientCaPem])
    for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g))
      new X509Certificate(m[0]); // stored PEM, checked at import; a damaged one throws here
  const dir = request.out
    ? resolve(request.out)
    : join(DEFAULT_CONFIG_DIR, record.id.replaceAll('/', '_'));
  const env = profile.environments.find((e) => e.id === record.environment);
  const config = renderServerConfig({
    server: request.server,
    serverName: files.serverName,
    basePath: files.basePath,
    port,
    serverChainPath: join(dir, SERVER_CHAIN_FILE),
    serverKeyPath: request.serverKeyPath,
    clientCaPath: join(dir, CLIENT_CA_FILE),
    clientCaPem: files.clientCaPem,
    listenAddress: request.listenAddress,
    title: `mtls-desk: Thales -> your server for ${profile.displayName}, ${env?.displayName ?? record.environment}, ${record.identifier} (${record.id})`,
  });
  const written: string[] = [];
  if (request.out) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const write = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileAtomic(path, text, { overwrite: request.overwrite, mode: 0o644 });
      written.push(path);
    };
    write(config.fileName, config.text);
    write(SERVER_CHAIN_FILE, files.serverChainPem);
    write(CLIENT_CA_FILE, files.clientCaPem);
    if (request.server === 'haproxy') {
      // HAProxy looks for the key beside the chain: a link to the key's path, which is not read.
      const link = join(dir, `${SERVER_CHAIN_FILE}.key`);
      let present = false;
      try {
        lstatSync(link);
        present = true;
      } catch {
        // not there yet
      }
      if (present && !request.overwrite)
        throw new UserError(
          'file-exists',
          `${link} already exists: remove it, or pass --force to replace it`,
        );
      if (present) unlinkSync(link);
      symlinkSync(request.serverKeyPath, link);
      written.push(link);
    }
    deps.audit.append('server-config.written', {
      onboarding: record.id,
      server: request.server,
      port,
      folder: dir,
    });
  }
  return { ...config, onboardingId: record.id, port, written };
}
