// `mtls-desk probe` and `mtls-desk check-server` end to end: JSON shape, exit codes, identity from
// an encrypted PEM key or a PKCS#12 file, bad usage, and the self-contained HTML report.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestPki, pemOf, writePem, type TestPki } from '../helpers/tls-pki.js';
import { startNodeTlsServer, type Running } from '../helpers/tls-servers.js';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { encryptPrivateKey } from '../../electron/services/keys.js';
import { createPrivateKey } from 'node:crypto';
import { DIAGNOSES, DIAGNOSIS_IDS } from '../../shared/diagnoses.js';
import { escapeHtml } from '../../electron/services/probe/report.js';
import { newDesk, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';
import { testDns } from '../helpers/tls-probe.js';
import { PROBE_STEP_TITLES } from '../../shared/ipc-channels.js';

const dir = tempDir('probe-cli-');
const env = { PROBE_PASS: 'correct horse battery staple' };
// Set up at the top level: `after` hooks registered inside `before` would stop the server at once.
const pki: TestPki = await createTestPki();
const files: Record<string, string> = {
  cert: writePem(dir, 'client.pem', pki.client.certPem),
  key: writePem(
    dir,
    'client.key',
    await encryptPrivateKey(createPrivateKey(pki.client.keyPem), env.PROBE_PASS, 1000),
  ),
  root: writePem(dir, 'root.pem', pki.root.certPem),
  clientCa: writePem(dir, 'client-ca.pem', pki.clientCa.certPem),
  chain: writePem(dir, 'server-chain.pem', pemOf(pki.server, pki.digicertCa)),
  plainKey: writePem(dir, 'client-plain.key', pki.client.keyPem),
  p12: join(dir, 'client.p12'),
};
opensslOk([
  'pkcs12',
  '-export',
  '-in',
  files.cert,
  '-inkey',
  files.plainKey,
  '-out',
  files.p12,
  '-passout',
  `pass:${env.PROBE_PASS}`,
]);
const server: Running = await startNodeTlsServer({
  cert: pemOf(pki.server, pki.digicertCa),
  key: pki.server.keyPem,
  ca: pki.clientCa.certPem,
  requestCert: true,
  rejectUnauthorized: true,
  status: 401,
  body: '<script>alert("x")</script>',
});

describe('mtls-desk probe', () => {
  it('prints ok, diagnosis.id and timed steps as JSON, exit 0, with an encrypted PEM key', async () => {
    const r = await cli(
      [
        'probe',
        `https://127.0.0.1:${server.port}/api/`,
        '--cert',
        files.cert,
        '--key',
        files.key,
        '--passphrase-env',
        'PROBE_PASS',
        '--ca',
        files.root,
        '--program',
        'tsh-classic',
        '--env',
        'preprod',
        '--json',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.equal(out.ok, true);
    assert.equal(out.diagnosis.id, 'ok');
    assert.deepEqual(
      out.steps.map((s: { name: string }) => s.name),
      ['identity', 'dns', 'tcp', 'tls', 'verify', 'http'],
    );
    for (const step of out.steps) {
      assert.equal(typeof step.ms, 'number');
      assert.ok(['pass', 'warn', 'fail', 'skip'].includes(step.status));
      assert.equal(typeof step.details, 'object');
    }
    assert.equal(out.steps[1].diagnosis, 'ip-literal');
    assert.match(out.steps[5].summary, /mTLS passed.*401/);
    assert.ok(!r.stdout.includes('PRIVATE KEY'), 'no key material in the output');
  });

  it('takes a PKCS#12 file, with a password or none, and says so in one sentence when the password is wrong', async () => {
    const r = await cli(
      [
        'probe',
        `127.0.0.1:${server.port}`,
        '--p12',
        files.p12,
        '--passphrase-env',
        'PROBE_PASS',
        '--ca',
        files.root,
        '--json',
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.equal(out.diagnosis.id, 'ok');
    assert.equal(out.steps[0].details.certificate.subject, 'CN=CUST01-PREPROD');
    const open = join(dir, 'open.p12');
    opensslOk([
      'pkcs12',
      '-export',
      '-in',
      files.cert,
      '-inkey',
      files.plainKey,
      '-certfile',
      files.clientCa,
      '-out',
      open,
      '-passout',
      'pass:',
    ]);
    const noPassword = await cli([
      'probe',
      `127.0.0.1:${server.port}`,
      '--p12',
      open,
      '--ca',
      files.root,
      '--json',
    ]);
    assert.equal(noPassword.code, 0, noPassword.stderr);
    const wrong = await cli(
      [
        'probe',
        `127.0.0.1:${server.port}`,
        '--p12',
        files.p12,
        '--passphrase-env',
        'BAD',
        '--ca',
        files.root,
      ],
      { BAD: 'nope' },
    );
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /wrong password/);
    assert.equal(wrong.stderr.trim().split('\n').length, 1);
    const none = await cli([
      'probe',
      `127.0.0.1:${server.port}`,
      '--p12',
      files.p12,
      '--ca',
      files.root,
    ]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /protected by a password/);
  });

  it('exits 1 with the diagnosis when the check fails, and prints it in words', async () => {
    const r = await cli(['probe', `https://127.0.0.1:${server.port}/`, '--ca', files.root]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /FAIL: Client certificate required \(client-cert-required\)/);
    assert.match(r.stdout, /fix: /);
  });

  it('exits 2 with one sentence for bad usage', async () => {
    for (const [args, pattern] of [
      [['https://host.test:0/'], /port 0, which is not a usable TCP port/],
      [['https://host.test:70000/'], /port 70000, which is not a usable TCP port/],
      [['http://host.test/'], /needs an https:\/\/ URL/],
      [['https://exa mple.test/'], /not a valid URL/],
      [['https://host.test/', '--cert', files.cert], /--cert and --key go together/],
      [
        ['https://host.test/', '--trust', 'everything'],
        /--trust "everything" is not program or system/,
      ],
      [['https://host.test/', '--trust', 'program'], /--trust program needs the program/],
      [
        ['https://host.test/', '--trust', 'system', '--ca', files.root],
        /--trust system and --ca both say what to trust/,
      ],
      [[], /exactly one URL/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli(['probe', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it("trusts the program's expected CA with --trust program, and by default with --program and no --ca", async () => {
    const identity = [
      '--cert',
      files.cert,
      '--key',
      files.key,
      '--passphrase-env',
      'PROBE_PASS',
      '--program',
      'tsh-classic',
      '--env',
      'preprod',
      '--json',
    ];
    const url = `https://localhost:${server.port}/api/`;
    const verifyOf = (stdout: string) =>
      JSON.parse(stdout).steps.find((s: { name: string }) => s.name === 'verify');
    const explicit = await cli(
      [
        'probe',
        url,
        ...identity,
        '--trust',
        'program',
        '--ca',
        files.root,
        '--dns-server',
        testDns.server,
      ],
      env,
    );
    assert.equal(explicit.code, 0, explicit.stderr + explicit.stdout);
    assert.equal(verifyOf(explicit.stdout).details.trustSource, 'program');
    // No --ca: the system roots, which do not hold the test root.
    const byDefault = await cli(['probe', url, ...identity, '--dns-server', testDns.server], env);
    assert.equal(byDefault.code, 1, byDefault.stderr + byDefault.stdout);
    assert.equal(JSON.parse(byDefault.stdout).diagnosis.id, 'server-cert-untrusted');
    assert.equal(verifyOf(byDefault.stdout).details.trustSource, 'program');
    const help = await cli(['probe', '--help']);
    assert.match(help.stdout, /--trust program trusts the program's expected CA/);
  });

  it('writes a report with one timed waterfall bar per step and the diagnosis with its fix', async () => {
    const report = join(dir, 'failed-report.html');
    const r = await cli([
      'probe',
      `https://127.0.0.1:${server.port}/`,
      '--ca',
      files.root,
      '--report',
      report,
      '--json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const steps: Array<{ name: string; ms: number }> = JSON.parse(r.stdout).steps;
    assert.equal(steps.length, 6);
    const html = readFileSync(report, 'utf8');
    const bars = [
      ...html.matchAll(/<div class="bar" style="margin-left:([\d.]+)%;width:([\d.]+)%"><\/div>/g),
    ].map((m) => ({ left: Number(m[1]), width: Number(m[2]) }));
    assert.equal(bars.length, steps.length, 'one bar per step');
    for (let i = 1; i < bars.length; i++)
      assert.ok(bars[i].left >= bars[i - 1].left, 'bars run left to right, step after step');
    assert.ok(bars.every((b) => b.left + b.width <= 100.5));
    for (const step of steps)
      assert.match(
        html,
        new RegExp(
          `<td>${escapeHtml(PROBE_STEP_TITLES[step.name] ?? step.name)}</td><td class="[a-z]+">[a-z]+(?:<br><code>[a-z0-9-]+</code>)?</td><td>${step.ms.toFixed(1)}</td>`,
        ),
        `${step.name} with its ms`,
      );
    const diagnosis = DIAGNOSES['client-cert-required'];
    assert.match(html, /<code>client-cert-required<\/code>/);
    for (const text of [diagnosis.title, diagnosis.cause, diagnosis.fix])
      assert.ok(html.includes(escapeHtml(text)), text);
    assert.match(html, /FAIL: /);
  });

  it('writes a self-contained HTML report with everything escaped, and never overwrites without --force', async () => {
    const report = join(dir, 'report.html');
    const r = await cli(
      [
        'probe',
        `https://127.0.0.1:${server.port}/<b>`,
        '--cert',
        files.cert,
        '--key',
        files.key,
        '--passphrase-env',
        'PROBE_PASS',
        '--ca',
        files.root,
        '--report',
        report,
      ],
      env,
    );
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(report, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /Content-Security-Policy/);
    assert.ok(!/<script/i.test(html), "no script element, not even the server's");
    assert.match(html, /&lt;script&gt;alert\(\\&quot;x\\&quot;\)&lt;\/script&gt;/);
    assert.ok(!/(src|href)=["']?https?:/i.test(html), 'no external resource');
    assert.match(html, /DigiCert SHA2 High Assurance Server CA/);
    const again = await cli([
      'probe',
      `https://127.0.0.1:${server.port}/`,
      '--ca',
      files.root,
      '--report',
      report,
    ]);
    assert.equal(again.code, 2);
    assert.equal(readFileSync(report, 'utf8'), html, 'the first report is intact');
  });
});

describe('mtls-desk check-server', () => {
  it('prints ok, checks[] and diagnosis.id as JSON', async () => {
    const r = await cli([
      'check-server',
      `127.0.0.1:${server.port}`,
      '--client-ca',
      files.clientCa,
      '--trust',
      files.root,
      '--chain',
      files.chain,
      '--json',
    ]);
    const out = JSON.parse(r.stdout);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(out.ok, true);
    assert.equal(out.diagnosis.id, 'ok');
    const ids = out.checks.map((c: { id: string }) => c.id).sort();
    assert.deepEqual(ids, [
      'client-ca-listed',
      'client-cert-required',
      'foreign-client-rejected',
      'port',
      'reachable',
      'server-chain',
      'tls-versions',
    ]);
    for (const c of out.checks) {
      assert.ok(['pass', 'warn', 'fail'].includes(c.status));
      if (c.status !== 'pass') assert.ok(DIAGNOSIS_IDS.includes(c.diagnosis), JSON.stringify(c));
    }
    assert.equal(out.checks.find((c: { id: string }) => c.id === 'port').diagnosis, 'port-unusual');
  });

  it('exits 1 on a failing check and 2 for a bad target', async () => {
    const r = await cli(['check-server', `127.0.0.1:${server.port}`, '--json']);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.stdout).diagnosis.id, 'server-cert-untrusted');
    for (const target of ['127.0.0.1:0', '127.0.0.1:70000', 'bad host:443']) {
      const bad = await cli(['check-server', target]);
      assert.equal(bad.code, 2, target);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    }
  });

  it('writes the readiness report', async () => {
    const report = join(dir, 'readiness.html');
    const r = await cli([
      'check-server',
      `127.0.0.1:${server.port}`,
      '--trust',
      files.root,
      '--report',
      report,
    ]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(readFileSync(report, 'utf8'), /Outbound readiness: 127\.0\.0\.1:\d+/);
  });
});

describe('--onboarding', () => {
  it("probes with the onboarding's vault identity, endpoint and Thales chain, checks its server, and records both runs", async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'CUST01',
      environment: 'preprod',
    });
    const made = await desk.identity.generate({
      onboardingId: o.id,
      algorithm: 'ec-p256',
      commonName: 'CUST01-PREPROD',
    });
    // Thales pins the endorsed self-signed certificate: the server trusts exactly it.
    const thales = await startNodeTlsServer({
      cert: pemOf(pki.server, pki.digicertCa),
      key: pki.server.keyPem,
      ca: made.pem,
      requestCert: true,
      rejectUnauthorized: true,
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'TSH_INBOUND_HOST',
      data: `https://api.thales.test:${thales.port}/api/`,
      source: 'pasted text',
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
      data: pemOf(pki.server, pki.digicertCa, pki.root),
      source: 'chain.pem',
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: `https://api.thales.test:${server.port}/`,
      source: 'pasted text',
    });
    const envVars = { MTLS_DESK_DATA_DIR: dataDir, VP: VAULT_PASSPHRASE };
    const r = await cli(
      [
        'probe',
        '--onboarding',
        o.id,
        '--passphrase-env',
        'VP',
        '--dns-server',
        testDns.server,
        '--json',
      ],
      envVars,
    );
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.equal(out.diagnosis.id, 'ok');
    assert.equal(out.target.path, '/api/');
    assert.ok(!r.stdout.includes('PRIVATE KEY'));
    const wrongPass = await cli(
      ['probe', '--onboarding', o.id, '--passphrase-env', 'NOPE', '--dns-server', testDns.server],
      { ...envVars, NOPE: 'wrong' },
    );
    assert.equal(wrongPass.code, 2);
    const check = await cli(
      [
        'check-server',
        '--onboarding',
        o.id,
        '--trust',
        files.root,
        '--dns-server',
        testDns.server,
        '--json',
      ],
      envVars,
    );
    assert.equal(JSON.parse(check.stdout).target.host, 'api.thales.test');
    const runs = newDesk(dataDir).desk.onboardings.get(o.id).record.tests; // what the CLI wrote, read afresh
    assert.deepEqual(runs.map((t: { direction: string }) => t.direction).sort(), [
      'inbound',
      'outbound',
    ]);
  });
});
