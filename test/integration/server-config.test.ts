// The server configurations mtls-desk generates for Thales -> your server, started with the real
// nginx, Apache httpd and HAProxy from Debian on 127.0.0.1 (a test port; the generator's own
// output otherwise), then checked by our own outbound readiness check: every check passes, a
// Thales-like client certificate from the test PKI is accepted and a foreign one refused.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readlinkSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDesk, type Desk } from '../../electron/services/desk.js';
import { checkOutboundReadiness } from '../../electron/services/probe/outbound.js';
import { openConfStore } from '../../electron/services/store.js';
import type { ServerKind } from '../../electron/services/server-config.js';
import { cli } from '../helpers/cli.js';
import { createTestPki, pemOf, writePem, type TestCert, type TestPki } from '../helpers/tls-pki.js';
import { freePort } from '../helpers/tls-servers.js';
import { testDns } from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('server-config-');
const ONBOARDING = 'tsh-classic/CUST01/preprod';
let pki: TestPki;
let desk: Desk;
let serverKey: string;

before(async () => {
  pki = await createTestPki();
  serverKey = writePem(dir, 'server.key', pki.server.keyPem);
  const dataDir = join(dir, 'data');
  desk = openDesk({ dataDir, store: openConfStore(dataDir) });
  desk.onboardings.create({ program: 'tsh-classic', identifier: 'CUST01', environment: 'preprod' });
  const put = (as: string, data: string) =>
    desk.assets.import({ onboardingId: ONBOARDING, as: as as never, data, source: `${as}.pem` });
  await put('CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN', pemOf(pki.server, pki.digicertCa, pki.root));
  await put('ISSUER_HOST', 'api.thales.test/thales/v1');
});

after(() => desk?.close());

describe('the Thales Client CA for TSH', () => {
  it('the client certificate says to trust its CA, which is taken from a chain, never the leaf', async () => {
    const leaf = await desk.assets.import({
      onboardingId: ONBOARDING,
      as: 'TSH_TLS_CLIENT_CERTIFICATE',
      data: pemOf(pki.client, pki.clientCa),
      source: 'thales-client.pem',
    });
    const advice = leaf.findings.find((f) => f.id === 'thales-client-ca-needed');
    assert.match(advice!.message, /must trust the CA that issued this certificate/);
    assert.match(advice!.fix, /this file carries that CA \("CN=Test Thales Client CA/);
    assert.equal(leaf.clientCaInChain, 'CN=Test Thales Client CA, O=Thales Tests');

    await assert.rejects(
      desk.assets.import({
        onboardingId: ONBOARDING,
        as: 'THALES_CLIENT_CA',
        data: pki.client.certPem,
        source: 'leaf.pem',
      }),
      /is a client certificate, not a CA: a server that trusts it pins a certificate Thales rotates/,
    );
    assert.equal(desk.onboardings.get(ONBOARDING).record.assets.THALES_CLIENT_CA, undefined);

    const ca = await desk.assets.import({
      onboardingId: ONBOARDING,
      as: 'THALES_CLIENT_CA',
      data: pemOf(pki.client, pki.clientCa),
      source: 'thales-client.pem',
    });
    assert.deepEqual(
      ca.certificates.map((c) => c.subject),
      ['CN=Test Thales Client CA, O=Thales Tests'],
    );
    assert.ok(ca.findings.some((f) => f.id === 'client-ca-taken-from-chain'));
  });
});

interface Started {
  port: number;
  log: () => string;
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect({ host: '127.0.0.1', port });
      s.setTimeout(1000, () => (s.destroy(), resolve(false)));
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not listen on ${port}: ${log()}`);
}

/** Runs the server in the foreground; stopped when the file ends. */
async function run(
  command: string,
  args: string[],
  port: number,
  logFile: string,
): Promise<Started> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.on('error', (e) => (output += `cannot start ${command}: ${e.message}`));
  child.stdout!.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
  const log = () => {
    try {
      return output + readFileSync(logFile, 'utf8').slice(-4000);
    } catch {
      return output;
    }
  };
  after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  });
  await waitForPort(port, child, log);
  return { port, log };
}

/** The generated file, included by the least main configuration each server needs to start. */
async function start(server: ServerKind, configPath: string, port: number): Promise<Started> {
  const log = join(dir, `${server}-error.log`);
  if (server === 'nginx') {
    const main = writePem(
      dir,
      'nginx-main.conf',
      `worker_processes 1;
error_log ${log} info;
pid ${dir}/nginx.pid;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${configPath};
}
`,
    );
    return run('nginx', ['-p', dir, '-c', main, '-g', 'daemon off;'], port, log);
  }
  if (server === 'apache') {
    const modules = '/usr/lib/apache2/modules';
    const main = writePem(
      dir,
      'apache-main.conf',
      `ServerRoot ${dir}
ServerName localhost
PidFile ${dir}/apache.pid
DefaultRuntimeDir ${dir}
ErrorLog ${log}
LogLevel info
LoadModule mpm_event_module ${modules}/mod_mpm_event.so
LoadModule authz_core_module ${modules}/mod_authz_core.so
LoadModule headers_module ${modules}/mod_headers.so
LoadModule socache_shmcb_module ${modules}/mod_socache_shmcb.so
LoadModule ssl_module ${modules}/mod_ssl.so
User www-data
Group www-data
Mutex file:${dir} default
SSLSessionCache shmcb:${dir}/ssl_scache(512000)
Listen 127.0.0.1:${port}
Include ${configPath}
`,
    );
    return run('apache2', ['-X', '-f', main], port, log);
  }
  const main = writePem(
    dir,
    'haproxy-main.cfg',
    `global
    pidfile ${dir}/haproxy.pid
defaults
    mode http
    timeout connect 3s
    timeout client 5s
    timeout server 5s
`,
  );
  return run('haproxy', ['-db', '-f', main, '-f', configPath], port, log);
}

/** One HTTPS request with a client certificate: the status, or how the server refused. */
function callWith(port: number, client: TestCert): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        servername: 'api.thales.test',
        path: '/thales/v1/',
        cert: client.certPem,
        key: client.keyPem,
        ca: pki.root.certPem,
        timeout: 5000,
        agent: false,
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

describe('server-config: the generated configuration passes our own outbound check', () => {
  for (const server of ['nginx', 'apache', 'haproxy'] as const) {
    it(`${server}: starts, refuses no certificate and a foreign one, accepts Thales's, every check passes`, async () => {
      const port = await freePort();
      const out = join(dir, server);
      const result = desk.exports.serverConfig({
        onboardingId: ONBOARDING,
        server,
        serverKeyPath: serverKey,
        port,
        out,
        listenAddress: '127.0.0.1',
        allowAnyPort: true,
      });
      const configPath = result.written[0];
      const text = readFileSync(configPath, 'utf8');
      // The CA file holds the Thales Client CA only; the key is named, never copied.
      assert.equal(readFileSync(join(out, 'THALES_CLIENT_CA.pem'), 'utf8'), pki.clientCa.certPem);
      assert.equal(
        readFileSync(join(out, 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem'), 'utf8'),
        pemOf(pki.server, pki.digicertCa),
      );
      assert.ok(text.includes(serverKey) || server === 'haproxy');
      assert.ok(!text.includes('PRIVATE KEY'));
      if (server === 'haproxy')
        assert.equal(
          readlinkSync(join(out, 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN.pem.key')),
          serverKey,
        );

      const running = await start(server, configPath, port);
      const view = desk.onboardings.get(ONBOARDING);
      const assets = view.record.assets;
      const readiness = await checkOutboundReadiness({
        host: 'api.thales.test',
        port,
        registeredChainPem: assets
          .CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN!.certificates.map((c) => c.pem)
          .join(''),
        clientCaPem: assets.THALES_CLIENT_CA!.certificates.map((c) => c.pem).join(''),
        thalesClientCertificatePem: assets
          .TSH_TLS_CLIENT_CERTIFICATE!.certificates.map((c) => c.pem)
          .join(''),
        trustPem: pki.root.certPem,
        profile: desk.catalog.get('tsh-classic'),
        dns: testDns,
        timeouts: { connect: 2000, handshake: 4000, http: 4000, total: 20_000 },
      });
      const summary = JSON.stringify(
        readiness.checks.map((c) => [c.id, c.status, c.summary]),
        null,
        1,
      );
      assert.equal(readiness.ok, true, `${summary}\n${running.log()}`);
      for (const check of readiness.checks) {
        // The test port is not 443 or 8443: the one warning, about the port only.
        if (check.id === 'port') assert.equal(check.diagnosis, 'port-unusual');
        else assert.equal(check.status, 'pass', `${check.id}: ${check.summary}\n${summary}`);
      }
      const listed = readiness.checks.find((c) => c.id === 'client-ca-listed')!;
      assert.match(listed.summary, /names the Thales Client CA CN=Test Thales Client CA/);

      // A Thales-like client certificate (from the Client CA) gets an HTTP answer; a foreign one does not.
      const thales = await callWith(port, pki.client);
      assert.ok(thales.status !== undefined && thales.status !== 400, JSON.stringify(thales));
      const foreign = await callWith(port, pki.foreignClient);
      assert.ok(
        foreign.error !== undefined || foreign.status === 400,
        `foreign client was let through: ${JSON.stringify(foreign)}`,
      );
    });
  }

  it('the CLI: 443 or 8443 only, absolute key path, and a refusal naming what to import', async () => {
    const env = { MTLS_DESK_DATA_DIR: join(dir, 'data') };
    desk.close();
    const printed = await cli(
      [
        'server-config',
        '--onboarding',
        ONBOARDING,
        '--server',
        'nginx',
        '--server-key',
        '/etc/ssl/private/api.key',
        '--port',
        '8443',
      ],
      env,
    );
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stdout, /listen 8443 ssl;/);
    assert.match(printed.stdout, /ssl_protocols\s+TLSv1\.2 TLSv1\.3;/);
    assert.match(printed.stdout, /ssl_verify_client\s+on;/);
    assert.match(
      printed.stdout,
      /ssl_client_certificate \/etc\/ssl\/mtls-desk\/.*THALES_CLIENT_CA\.pem;/,
    );
    assert.match(printed.stdout, /server_name api\.thales\.test;/);
    const wrongPort = await cli(
      [
        'server-config',
        '--onboarding',
        ONBOARDING,
        '--server',
        'apache',
        '--server-key',
        '/k',
        '--port',
        '9443',
      ],
      env,
    );
    assert.equal(wrongPort.code, 2);
    assert.match(wrongPort.stderr, /port 9443 is not one Thales calls: use 443 or 8443/);
    const relative = await cli(
      ['server-config', '--onboarding', ONBOARDING, '--server', 'haproxy', '--server-key', 'k.pem'],
      env,
    );
    assert.equal(relative.code, 2);
    assert.match(relative.stderr, /must be an absolute path/);
    await cli(
      ['onboarding', 'create', '--program', 'xpay-enablement', '--id', 'CUST02', '--env', 'prod'],
      env,
    );
    const missing = await cli(
      [
        'server-config',
        '--onboarding',
        'xpay-enablement/CUST02/prod',
        '--server',
        'nginx',
        '--server-key',
        '/k',
      ],
      env,
    );
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /has no CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN \(your server chain\) and no THALES_CLIENT_CA/,
    );
  });
});
