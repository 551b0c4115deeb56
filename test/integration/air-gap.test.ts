// The air gap, proven: on a workstation without network, every offline command works and none of
// them tries to reach the network. Each command runs in a network namespace with only loopback
// (`unshare -n`) under `strace -f`, which logs every connect/send of every thread; the log must
// show no connection and no DNS query except to loopback (and local sockets, which are not a
// network). A probe of an outside name, run the same way, must show its DNS query: the watch sees.
// The app's start is proven the same way: the browser shell starts in the namespace, a page load
// through it (curl, inside the namespace) runs main's handlers, and only loopback is touched.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cliBundle = join(root, 'dist', 'cli.js');
const dir = tempDir('mtls-desk-air-gap-');
const dataDir = join(dir, 'data');
const env = {
  ...process.env,
  MTLS_DESK_DATA_DIR: dataDir,
  MTLS_DESK_PROGRAMS_DIR: '',
  KEY_PASS: 'air gap key passphrase',
  VAULT_PASS: 'air gap vault passphrase',
  EXPORT_PASS: 'air gap export passphrase',
};
let traced = 0;

/** Network system calls in a strace log that leave the machine, or ask a name of DNS. */
export function networkCalls(log: string): string[] {
  return log.split('\n').filter((line) => {
    if (!/\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line)) return false;
    if (/\bhtons\(53\)/.test(line)) return true; // DNS, wherever the resolver is
    // Local sockets are no network; systemd-resolved's is a DNS query. (nscd also serves the user
    // database the audit trail names people from, so it is not counted; without it, glibc's own
    // DNS query shows as port 53 above.)
    if (/sa_family=AF_UNIX/.test(line)) return /systemd\/resolve/.test(line);
    if (/sa_family=AF_INET6?\b/.test(line))
      return !/inet_addr\("127\.|inet_pton\(AF_INET6, "::1"/.test(line);
    return false; // netlink (interface listing), or a send on a socket connected above
  });
}

/** Runs the built CLI with only loopback, under strace; the network calls it made. */
function airGapped(args: string[]): { code: number | null; output: string; network: string[] } {
  const trace = join(dir, `trace-${++traced}.log`);
  const run = spawnSync(
    'unshare',
    [
      '-n',
      'strace',
      '-f',
      '-qq',
      '-e',
      'trace=connect,sendto,sendmsg,sendmmsg',
      '-o',
      trace,
      process.execPath,
      cliBundle,
      ...args,
    ],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  return {
    code: run.status,
    output: `${run.stdout}${run.stderr}`,
    network: networkCalls(readFileSync(trace, 'utf8')),
  };
}

before(() => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(built.status, 0, built.stderr);
  const probe = spawnSync('unshare', ['-n', 'true']);
  assert.equal(probe.status, 0, 'unshare -n needs root (or user namespaces) on this machine');
});

describe('the air gap', () => {
  it('keys, certificates, CSRs, lint, vault, onboarding, exports, bundle and audit use no network', () => {
    const onboarding = 'tsh-classic/AIRGAP01/preprod';
    const steps: Array<[string[], number[]]> = [
      [
        [
          'keygen',
          '--algorithm',
          'ec-p256',
          '--out',
          join(dir, 'client.key'),
          '--passphrase-env',
          'KEY_PASS',
        ],
        [0],
      ],
      [
        [
          'selfsign',
          '--program',
          'tsh-classic',
          '--env',
          'preprod',
          '--cn',
          'AIRGAP01',
          '--key',
          join(dir, 'client.key'),
          '--out',
          join(dir, 'client.pem'),
          '--passphrase-env',
          'KEY_PASS',
        ],
        [0],
      ],
      [
        [
          'csr',
          '--program',
          'd1-ecom',
          '--env',
          'preprod',
          '--id',
          'MGW_123456',
          '--subject',
          'C=FR,ST=Ile-de-France,L=Paris,O=Air Gap,OU=Payments',
          '--key',
          join(dir, 'client.key'),
          '--out',
          join(dir, 'client.csr'),
          '--passphrase-env',
          'KEY_PASS',
        ],
        [0],
      ],
      [
        [
          'lint',
          '--program',
          'tsh-classic',
          '--env',
          'preprod',
          '--cn',
          'AIRGAP01',
          join(dir, 'client.pem'),
        ],
        [0],
      ],
      [['inspect', join(dir, 'client.csr')], [0]],
      [['vault', 'init', '--passphrase-env', 'VAULT_PASS'], [0]],
      [
        [
          'onboarding',
          'create',
          '--program',
          'tsh-classic',
          '--id',
          'AIRGAP01',
          '--env',
          'preprod',
        ],
        [0],
      ],
      [
        [
          'identity',
          'generate',
          '--onboarding',
          onboarding,
          '--algorithm',
          'ec-p256',
          '--cn',
          'AIRGAP01',
          '--passphrase-env',
          'VAULT_PASS',
        ],
        [0],
      ],
      [
        [
          'export',
          'key',
          '--onboarding',
          onboarding,
          '--out',
          join(dir, 'exported.key'),
          '--export-passphrase-env',
          'EXPORT_PASS',
          '--passphrase-env',
          'VAULT_PASS',
        ],
        [0],
      ],
      [
        [
          'export',
          'p12',
          '--onboarding',
          onboarding,
          '--preset',
          'modern',
          '--out',
          join(dir, 'exported.p12'),
          '--export-passphrase-env',
          'EXPORT_PASS',
          '--passphrase-env',
          'VAULT_PASS',
        ],
        [0],
      ],
      // The bundle is refused while Thales assets are missing: it still runs its checks offline.
      [
        ['bundle', '--onboarding', onboarding, '--out', join(dir, 'bundle.zip')],
        [0, 1, 2],
      ],
      [['audit', 'verify', '--passphrase-env', 'VAULT_PASS'], [0]],
    ];
    for (const [args, codes] of steps) {
      const result = airGapped(args);
      assert.ok(
        codes.includes(result.code ?? -1),
        `${args.slice(0, 2).join(' ')}: exit ${result.code}: ${result.output}`,
      );
      assert.deepEqual(result.network, [], `${args.slice(0, 2).join(' ')} reached for the network`);
    }
  });

  it("the app's start (the browser shell) and a page load through it use no network", () => {
    const trace = join(dir, 'trace-app.log');
    const script = [
      // A new network namespace starts with its loopback down: bring it up, nothing else.
      'ip link set lo up',
      `strace -f -qq -e trace=connect,sendto,sendmsg,sendmmsg -o "$TRACE" "$NODE" "$CLI" app --no-open > "$OUT" 2>&1 &`,
      'pid=$!',
      // Bounded wait for the printed address (with its secret).
      'for i in $(seq 1 300); do url=$(grep -o "http://127.0.0.1:[0-9]*/?secret=[A-Za-z0-9_-]*" "$OUT" | head -1); [ -n "$url" ] && break; sleep 0.2; done',
      '[ -n "$url" ] || { kill $pid; echo "no address printed"; exit 3; }',
      'curl -s -m 20 -c "$JAR" -b "$JAR" -L -o /dev/null -w "%{http_code} " "$url"',
      // One call into main's handlers, as the page makes it.
      'origin=${url%%/?secret=*}',
      'curl -s -m 20 -b "$JAR" -H "Origin: $origin" -H "Content-Type: application/json" -d "{}" "$origin/ipc/programs.list"',
      // $pid is strace: stop the shell it traces, then strace ends with it.
      'pkill -TERM -P $pid; wait $pid',
    ].join('\n');
    const run = spawnSync('unshare', ['-n', 'bash', '-c', script], {
      env: {
        ...env,
        TRACE: trace,
        NODE: process.execPath,
        CLI: cliBundle,
        OUT: join(dir, 'app.out'),
        JAR: join(dir, 'app.cookies'),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(
      run.stdout.trim().slice(0, 3),
      '200',
      `${run.stdout}${run.stderr}${readFileSync(join(dir, 'app.out'), 'utf8')}`,
    );
    assert.deepEqual(
      networkCalls(readFileSync(trace, 'utf8')),
      [],
      'the app reached for the network',
    );
  });

  it('the watch sees a network attempt: a probe of an outside name asks DNS', () => {
    const result = airGapped([
      'probe',
      'https://api.air-gap-check.example/',
      '--timeout',
      '3000',
      '--json',
    ]);
    assert.notEqual(result.code, 0);
    assert.ok(result.network.length > 0, `no DNS query seen: ${result.output}`);
  });

  it('reads strace lines as meant: loopback and local sockets pass, the rest is caught', () => {
    const lines = [
      'connect(20, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      'connect(20, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
      'connect(21, {sa_family=AF_UNIX, sun_path="/tmp/x.sock"}, 110) = 0',
      'sendto(22, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR}], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20',
      'connect(23, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("203.0.113.7")}, 16) = -1 ENETUNREACH',
      'connect(24, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0',
      'connect(25, {sa_family=AF_UNIX, sun_path="/run/systemd/resolve/io.systemd.Resolve"}, 41) = 0',
    ];
    assert.deepEqual(networkCalls(lines.join('\n')), lines.slice(4));
  });
});
