// Server configuration for Thales -> your server, for nginx, Apache httpd and HAProxy: listen on
// 443 (or 8443), TLS 1.2 and 1.3 only, the customer's server chain, client certificates required
// and verified against the Thales Client CA file only (never the Thales client certificate, which
// Thales rotates without notice), a verify depth that fits the CA file. Pure text, so the wizard
// shows the same configuration the CLI writes; the server key is only named by its path.

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
  /** How many certificates the Thales Client CA file holds, to choose the verify depth. */
  clientCaCertificates: number;
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
  /** What a test of the configured server checks against (the CLI words the command to run). */
  test: { port: number; clientCaPath: string; serverChainPath: string };
}

const DEFAULT_UPSTREAM = 'http://127.0.0.1:8080';

/** The verify depth: the CA certificates above a client certificate, as many as the CA file holds (at least 2: an issuing CA under a root). */
export function verifyDepthFor(clientCaCertificates: number): number {
  return Math.max(2, Math.min(clientCaCertificates, 5));
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

function haproxyConfig(input: ServerConfigInput): string {
  const address = input.listenAddress
    ? hostPort(input.listenAddress, input.port)
    : `:${input.port}`;
  const upstream = new URL(input.upstream ?? DEFAULT_UPSTREAM);
  return `# ${input.title}
# HAProxy 2.x: add these sections to haproxy.cfg (after global and defaults). HAProxy reads the
# server key from ${input.serverChainPath}.key (mTLS Desk links it there when it writes these files).
frontend thales_mtls
    mode http
    # Your server chain, leaf first (what Thales pins); TLS 1.2 and 1.3 only. Thales must present
    # a client certificate issued by the Thales Client CA: ca-file holds the CA only, never the
    # Thales client certificate (Thales rotates it without notice). HAProxy has no verify-depth
    # setting: the path must end at a CA in ca-file.
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
  const depth = verifyDepthFor(input.clientCaCertificates);
  const test = {
    port: input.port,
    clientCaPath: input.clientCaPath,
    serverChainPath: input.serverChainPath,
  };
  const notes = [
    `Copy your server key to ${input.serverKeyPath} (readable by the server only); mTLS Desk never reads it.`,
  ];
  switch (input.server) {
    case 'nginx':
      return {
        server: 'nginx',
        fileName: 'nginx-thales-mtls.conf',
        text: nginxConfig(input, depth),
        notes,
        test,
      };
    case 'apache':
      return {
        server: 'apache',
        fileName: 'apache-thales-mtls.conf',
        text: apacheConfig(input, depth),
        notes,
        test,
      };
    case 'haproxy':
      return {
        server: 'haproxy',
        fileName: 'haproxy-thales-mtls.cfg',
        text: haproxyConfig(input),
        notes: [
          `HAProxy reads the key from ${input.serverChainPath}.key: put the key there, or a link to it.`,
          ...notes.slice(1),
        ],
        test,
      };
  }
}
