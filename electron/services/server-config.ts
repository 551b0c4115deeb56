// Server configuration for Thales -> your server, generated from an onboarding for nginx, Apache
// httpd and HAProxy: listen on 443 (or 8443), TLS 1.2 and 1.3 only, the customer's server chain,
// client certificates required and verified against the Thales Client CA file only (never the
// Thales client certificate, which Thales rotates without notice), a verify depth that fits the
// CA file. The server key is only named by its path: it is never read here.
import { X509Certificate } from 'node:crypto';
export {
  CLIENT_CA_FILE,
  DEFAULT_CONFIG_DIR,
  renderServerConfig,
  SERVER_CHAIN_FILE,
  SERVER_KINDS,
  type ServerConfig,
  type ServerKind,
} from '../../shared/server-config.js';
import { lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import {
  CLIENT_CA_FILE,
  DEFAULT_CONFIG_DIR,
  renderServerConfig,
  SERVER_CHAIN_FILE,
  type ServerConfig,
  type ServerKind,
} from '../../shared/server-config.js';
import type { AuditLog } from './audit.js';
import { UserError } from './errors.js';
import { writeFileAtomic } from './files.js';
import type { Inventory, OnboardingRecord } from './inventory.js';
import { pemBlocksOf } from './pem.js';

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
  const assets = [
    ...(chain.length === 0 ? ['CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN'] : []),
    ...(ca.length === 0 ? ['THALES_CLIENT_CA'] : []),
  ];
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
      `${record.id} has no ${missing.join(' and no ')} yet: import ${missing.length > 1 ? 'them' : 'it'}, then generate the server configuration`,
      { need: 'import-asset', onboardingId: record.id, assets },
      {
        id: 'server-config.assets-missing',
        params: { onboarding: record.id, assets: assets.join(', ') },
      },
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
/** The port Thales calls (the program's first unless one is given), refused when Thales calls others. */
function checkedPort(request: ServerConfigRequest, profile: ProgramProfile): number {
  const port = request.port ?? profile.outbound.ports[0] ?? 443;
  if (!request.allowAnyPort && !profile.outbound.ports.includes(port))
    throw new UserError(
      'bad-input',
      `port ${port} is not one Thales calls: use ${profile.outbound.ports.join(' or ')}`,
      {},
      { id: 'server.port', params: { port, ports: profile.outbound.ports.join(', ') } },
    );
  return port;
}

export function serverConfigOf(
  deps: ServerConfigDeps,
  request: ServerConfigRequest,
): ServerConfigResult {
  const record = deps.inventory.get(request.onboardingId);
  const profile = deps.inventory.profileOf(record);
  const port = checkedPort(request, profile);
  if (!isAbsolute(request.serverKeyPath))
    throw new UserError(
      'bad-input',
      `the server key path "${request.serverKeyPath}" must be an absolute path: the server reads it from wherever it starts`,
      { need: 'server-key-path', field: 'serverKeyPath' },
      { id: 'server.key-path', params: { path: request.serverKeyPath } },
    );
  const files = serverFilesOf(record, profile);
  for (const pem of [files.serverChainPem, files.clientCaPem])
    for (const der of pemBlocksOf(pem, 'CERTIFICATE')) new X509Certificate(der); // stored PEM, checked at import; a damaged one throws here
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
    clientCaCertificates: record.assets.THALES_CLIENT_CA!.certificates.length,
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
          `${link} already exists: remove it, or allow replacing it`,
          { need: 'overwrite' },
          { id: 'file.exists', params: { path: link } },
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
