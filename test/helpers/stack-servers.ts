// TLS servers that are not OpenSSL, built and started by the tests on loopback: a Java JSSE server
// (Debian's JDK: javac, java) and a Go crypto/tls server (Debian's golang-go), sources in
// test/helpers/peers/. Each is built once per test process into a temp dir; one server process
// holds every listener configuration a test file needs ("name port" lines on stdout), and is killed
// by its PID when the file ends (or when its stdin closes).
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { tempDir } from './tmp.js';

export type StackKind = 'jsse' | 'go';
export type TlsVersionText = '1.0' | '1.1' | '1.2' | '1.3';

export interface ListenerSpec {
  name: string;
  /** PEM: the server certificate first, then the intermediates it sends. */
  certPath: string;
  keyPath: string;
  /** PEM CA certificates trusted for client certificates (and named in the CertificateRequest). */
  caPath?: string;
  auth: 'require' | 'optional' | 'none';
  min: TlsVersionText;
  max: TlsVersionText;
  /** Go only: the TLS 1.2 cipher suites allowed, as 0x-numbers (insecure ones included). */
  ciphers?: string;
}

export interface StackServer {
  kind: StackKind;
  ports: Record<string, number>;
  output(): string;
  close(): Promise<void>;
}

const PEERS = fileURLToPath(new URL('./peers/', import.meta.url));
const BUILD_TIMEOUT_MS = 180_000;
// Generous: a JVM on a loaded CI machine can take tens of seconds to start.
const START_TIMEOUT_MS = 120_000;

function mustRun(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): void {
  const result = spawnSync(command, args, {
    env: { ...process.env, ...env },
    cwd,
    timeout: BUILD_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (result.error)
    throw new Error(
      `${command} could not run (${(result.error as NodeJS.ErrnoException).code}): the preflight installs it (scripts/peers.mjs)`,
    );
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
}

const builds = new Map<StackKind, string[]>();

/** The command line that starts a server of this kind, built on first use in this process. */
function build(kind: StackKind): string[] {
  let command = builds.get(kind);
  if (command) return command;
  const out = tempDir(`stack-${kind}-build-`);
  if (kind === 'go') {
    // Offline, standard library only; caches in the temp dir, never in the user's home.
    mustRun(
      'go',
      ['build', '-o', join(out, 'go-server'), 'main.go'],
      {
        GOCACHE: join(out, 'cache'),
        GOPATH: join(out, 'path'),
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
        GOTOOLCHAIN: 'local',
        CGO_ENABLED: '0',
      },
      join(PEERS, 'go-server'),
    );
    command = [join(out, 'go-server')];
  } else {
    mustRun('javac', ['-d', out, join(PEERS, 'JsseServer.java')], {});
    // JDK 17 disables TLS 1.0 and 1.1 in java.security; a legacy-only listener needs them back.
    const security = join(out, 'legacy-tls.security');
    writeFileSync(
      security,
      'jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n',
    );
    command = [
      'java',
      '-Xshare:auto',
      '-XX:TieredStopAtLevel=1',
      `-Djava.security.properties=${security}`,
      '-cp',
      out,
      'JsseServer',
    ];
  }
  builds.set(kind, command);
  return command;
}

/** Builds (once) and starts one server process with every listener in `listeners`. */
export async function startStackServer(
  kind: StackKind,
  dir: string,
  listeners: ListenerSpec[],
): Promise<StackServer> {
  const [command, ...args] = build(kind);
  const config = join(dir, `${kind}-listeners.conf`);
  writeFileSync(
    config,
    listeners
      .map((l) =>
        [
          l.name,
          `cert=${l.certPath}`,
          `key=${l.keyPath}`,
          ...(l.caPath ? [`ca=${l.caPath}`] : []),
          `auth=${l.auth}`,
          `min=${l.min}`,
          `max=${l.max}`,
          ...(l.ciphers ? [`ciphers=${l.ciphers}`] : []),
        ].join(' '),
      )
      .join('\n') + '\n',
  );
  const child = spawn(command, [...args, config], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-16_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-16_000)));
  child.on('error', (error) => (output += `cannot start ${command}: ${error.message}`));
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    const exited = once(child, 'exit');
    process.kill(child.pid, 'SIGKILL');
    await exited;
  };
  after(close);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!/^ready$/m.test(output)) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${kind} server exited (${child.exitCode}) before ready: ${output}`);
    if (Date.now() > deadline) {
      await close();
      throw new Error(`${kind} server not ready within ${START_TIMEOUT_MS} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const ports: Record<string, number> = {};
  for (const match of output.matchAll(/^(\S+) (\d+)$/gm)) ports[match[1]] = Number(match[2]);
  for (const l of listeners)
    if (!ports[l.name]) throw new Error(`${kind} server gave no port for ${l.name}: ${output}`);
  return { kind, ports, output: () => output, close };
}
