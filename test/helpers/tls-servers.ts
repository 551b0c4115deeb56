// Real servers on loopback for the live tests: Node tls servers that answer HTTP, misbehaving raw
// servers (silent, trickling, not TLS), a listener that never accepts, `openssl s_server`, and
// nginx with `ssl_verify_client on`. Every one is stopped by the test file's `after`, every wait
// is bounded.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  createServer as createNetServer,
  connect as netConnect,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { pemOf, type TestPki } from './tls-pki.js';

export interface Running {
  port: number;
  close(): Promise<void>;
}

function track(server: Server): Running {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  let closed = false;
  const running: Running = {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  after(() => running.close());
  return running;
}

async function listen(server: Server, host = '127.0.0.1'): Promise<Running> {
  server.listen(0, host);
  await once(server, 'listening');
  return track(server);
}

export interface NodeServerOptions extends TlsOptions {
  /** HTTP status to answer with (default 200); null: complete the handshake, then never answer. */
  status?: number | null;
  body?: string;
  host?: string;
}

/** A Node tls server that answers every request with one small HTTP response and closes. */
export async function startNodeTlsServer(options: NodeServerOptions): Promise<Running> {
  const { status = 200, body = '{"ok":true}', host, ...tlsOptions } = options;
  const server = createTlsServer(tlsOptions, (socket) => {
    socket.on('error', () => undefined);
    let request = '';
    socket.on('data', (chunk: Buffer) => {
      request += chunk.toString('latin1');
      if (status !== null && request.includes('\r\n\r\n')) {
        socket.end(
          `HTTP/1.1 ${status} X\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      }
    });
  });
  server.on('tlsClientError', () => undefined);
  return listen(server, host);
}

/**
 * The test PKI's mTLS server (on one TLS version when given): its chain (leaf and intermediate),
 * requiring a client certificate from the client CA; `extra` adds or overrides options.
 */
export function startMtlsServer(
  pki: TestPki,
  version?: 'TLSv1.2' | 'TLSv1.3',
  extra: Partial<NodeServerOptions> = {},
): Promise<Running> {
  return startNodeTlsServer({
    cert: pemOf(pki.server, pki.digicertCa),
    key: pki.server.keyPem,
    ca: pki.clientCa.certPem,
    requestCert: true,
    rejectUnauthorized: true,
    ...(version ? { minVersion: version, maxVersion: version } : {}),
    ...extra,
  });
}

/** A TCP server that runs `onConnection` for each client (silent, trickling, garbage, plain HTTP). */
export async function startRawServer(onConnection: (socket: Socket) => void): Promise<Running> {
  return listen(createNetServer((socket) => onConnection(socket)));
}

/** Sends `bytes` one byte per `intervalMs` for as long as the client stays. */
export function trickle(socket: Socket, bytes: Buffer, intervalMs = 1000): void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= bytes.length || socket.destroyed) return clearInterval(timer);
    socket.write(bytes.subarray(i, ++i));
  }, intervalMs);
  socket.on('close', () => clearInterval(timer));
}

/**
 * A TCP relay in front of `targetPort` that holds each connection `delayMs` before relaying it: every
 * handshake through it takes at least that long, so sequential and concurrent work tell apart.
 */
export async function startDelayingRelay(targetPort: number, delayMs: number): Promise<Running> {
  return startRawServer((client) => {
    client.pause();
    const timer = setTimeout(() => {
      const upstream = netConnect({ host: '127.0.0.1', port: targetPort });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    }, delayMs);
    client.on('close', () => clearTimeout(timer));
  });
}

/**
 * A port whose listener never accepts: a child process listens with the smallest backlog and is
 * then stopped (SIGSTOP); once the queue is full, the kernel drops further SYNs, so a connect
 * times out, as behind a firewall that drops packets.
 */
export async function startBlackholePort(): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port))",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await Promise.race([
    once(child.stdout!, 'data'),
    timeout(10_000, 'blackhole listener'),
  ])) as [Buffer];
  const port = Number(line.toString().trim());
  child.kill('SIGSTOP');
  const fillers: Socket[] = [];
  // Fill the accept queue (backlog 1 holds two); stop once a connect no longer completes.
  for (let i = 0; i < 8; i++) {
    const s = netConnect({ host: '127.0.0.1', port });
    s.on('error', () => undefined);
    fillers.push(s);
    const connected = await Promise.race([
      once(s, 'connect').then(() => true),
      new Promise((r) => setTimeout(() => r(false), 300)),
    ]);
    if (!connected) break;
  }
  const running: Running = {
    port,
    close: async () => {
      fillers.forEach((s) => s.destroy());
      child.kill('SIGKILL');
    },
  };
  after(() => running.close());
  return running;
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${what} did not start within ${ms} ms`)), ms).unref(),
  );
}

/** A free loopback port (bound then released), for servers that need the number up front. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until something accepts TCP on the port, or throws with the given log. */
async function waitForPort(
  port: number,
  ms: number,
  child: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited (${child.exitCode}) before listening: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = netConnect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not listen on ${port} within ${ms} ms: ${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = once(child, 'exit').then(() => undefined);
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 3000);
  return exited.finally(() => clearTimeout(force));
}

/** `openssl s_server -www` on a free loopback port with the given extra arguments. */
export async function startOpensslServer(
  args: string[],
): Promise<Running & { output: () => string }> {
  const port = await freePort();
  const child = spawn(
    'openssl',
    ['s_server', '-accept', `127.0.0.1:${port}`, '-www', '-quiet', ...args],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-8000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-8000)));
  const running = { port, output: () => output, close: () => stopChild(child) };
  after(() => running.close());
  await waitForPort(port, 10_000, child, () => output);
  return running;
}

export interface NginxSite {
  certPath: string;
  keyPath: string;
  /** ssl_client_certificate; omitted means no client verification at all. */
  clientCaPath?: string;
  verifyClient?: 'on' | 'optional' | 'optional_no_ca' | 'off';
  protocols?: string;
  /** What location / answers when the request gets through. */
  status?: number;
}

/**
 * nginx from the system, as a foreground process with a temp prefix and config, on a free loopback
 * port. Throws (never skips) when nginx is missing: CI installs it.
 */
export async function startNginx(
  dir: string,
  site: NginxSite,
): Promise<Running & { errorLog: () => string }> {
  const probe = spawnSync('nginx', ['-v'], { timeout: 10_000 });
  if (probe.error)
    throw new Error(
      `nginx is not installed (${(probe.error as NodeJS.ErrnoException).code}): these tests need it; install it with apt-get install nginx (CI does)`,
    );
  const port = await freePort();
  const conf = join(dir, `nginx-${port}.conf`);
  const errorLog = join(dir, `nginx-${port}-error.log`);
  const verify = site.clientCaPath
    ? `ssl_client_certificate ${site.clientCaPath};\n    ssl_verify_client ${site.verifyClient ?? 'on'};\n    ssl_verify_depth 3;`
    : '';
  writeFileSync(
    conf,
    `
worker_processes 1;
error_log ${errorLog} info;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name api.thales.test localhost;
    ssl_certificate ${site.certPath};
    ssl_certificate_key ${site.keyPath};
    ssl_protocols ${site.protocols ?? 'TLSv1.2 TLSv1.3'};
    ${verify}
    location / { return ${site.status ?? 200} '{"ok":true}\\n'; }
  }
}
`,
  );
  const child = spawn(
    'nginx',
    ['-p', dir, '-c', conf, '-g', `daemon off; pid ${join(dir, `nginx-${port}.pid`)};`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.on(
    'error',
    (error) =>
      (output += `cannot start nginx: ${error.message}; install it (apt-get install nginx)`),
  );
  child.stderr!.on('data', (d) => (output = (output + d).slice(-8000)));
  const log = () => {
    try {
      return output + readFileSync(errorLog, 'utf8').slice(-4000);
    } catch {
      return output;
    }
  };
  const running = { port, errorLog: log, close: () => stopChild(child) };
  after(() => running.close());
  await waitForPort(port, 10_000, child, log);
  return running;
}
