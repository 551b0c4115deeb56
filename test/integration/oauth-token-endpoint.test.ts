// The outbound OAuth check (D1 Push Provisioning) against token endpoints written here, on
// 127.0.0.1 over real HTTPS: a good one (mTLS required, 401 without or with wrong Basic
// credentials, a JSON Bearer token with an expiry) passes; one that gives tokens without
// credentials, one that takes any secret, one that does not require a client certificate, and one
// that answers without an expiry each fail with their own diagnosis. The secret never appears in
// an output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkTokenEndpoint } from '../../electron/services/oauth/token-endpoint-check.js';
import { cli } from '../helpers/cli.js';
import { createTestPki, pemOf, writePem } from '../helpers/tls-pki.js';
import { identityOf, testDns } from '../helpers/tls-probe.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('oauth-token-endpoint-');
const pki = await createTestPki();
const client = await identityOf(dir, pki.client);
const PATH = '/authz/d1/v1/oauth2/token';
const CLIENT_ID = 'd1-push-client';
const SECRET = 's3cret-Value-that-must-not-leak';

interface Behaviour {
  requireCert?: boolean;
  checkCredentials?: 'all' | 'none' | 'id-only';
  expiry?: boolean;
}

async function tokenEndpoint(b: Behaviour = {}): Promise<number> {
  const { requireCert = true, checkCredentials = 'all', expiry = true } = b;
  const server = createServer(
    {
      cert: pemOf(pki.server, pki.digicertCa),
      key: pki.server.keyPem,
      ca: pki.clientCa.certPem,
      requestCert: requireCert,
      rejectUnauthorized: requireCert,
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const send = (status: number, body: unknown) => {
          res.writeHead(status, {
            'Content-Type': 'application/json',
            ...(status === 401 ? { 'WWW-Authenticate': 'Basic realm="token"' } : {}),
          });
          res.end(JSON.stringify(body));
        };
        if (req.url !== PATH || req.method !== 'POST') return send(404, { error: 'not_found' });
        const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = auth
          ? Buffer.from(auth, 'base64').toString('utf8').split(':').map(decodeURIComponent)
          : [];
        const valid =
          checkCredentials === 'none' ||
          (checkCredentials === 'id-only' && id === CLIENT_ID) ||
          (id === CLIENT_ID && secret === SECRET);
        if (!valid) return send(401, { error: 'invalid_client' });
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        if (form.get('grant_type') !== 'client_credentials')
          return send(400, { error: 'unsupported_grant_type' });
        send(200, {
          access_token: 'issued-token-value',
          token_type: 'Bearer',
          ...(expiry ? { expires_in: '900' } : {}),
        });
      });
    },
  );
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

const servers = {
  good: await tokenEndpoint(),
  noCredentials: await tokenEndpoint({ checkCredentials: 'none' }),
  anySecret: await tokenEndpoint({ checkCredentials: 'id-only' }),
  noMtls: await tokenEndpoint({ requireCert: false }),
  noExpiry: await tokenEndpoint({ expiry: false }),
};

function check(port: number, secret = SECRET) {
  return checkTokenEndpoint({
    host: 'localhost',
    port,
    path: PATH,
    clientId: CLIENT_ID,
    clientSecret: secret,
    credentials: client.credentials,
    trustPem: [pki.root.certPem],
    timeoutMs: 5000,
  });
}

function sub(result: Awaited<ReturnType<typeof check>>) {
  return result.details.checks as Array<{ check: string; ok: boolean; detail: string }>;
}

/** check-server under a pseudo-terminal (util-linux `script`), typing `typed` once the secret prompt shows. */
function atTerminal(
  args: string[],
  typed: string,
): Promise<{ code: number | null; output: string }> {
  const command = ['node', '--import', 'tsx', 'electron/cli/index.ts', ...args]
    .map((a) => `'${a}'`)
    .join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: process.cwd(),
    env: { ...process.env, CI: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let sent = false;
  const typer = setInterval(() => {
    if (!sent && /client secret of your OAuth token endpoint: /.test(output)) {
      sent = true;
      child.stdin.write(`${typed}\n`);
    }
  }, 50);
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearInterval(typer);
      clearTimeout(killer);
      resolve({ code, output });
    }),
  );
}

describe('outbound OAuth token endpoint check', () => {
  it('passes a good endpoint: mTLS required, 401 without and with a wrong secret, a Bearer token with an expiry', async () => {
    const result = await check(servers.good);
    assert.equal(result.status, 'pass', JSON.stringify(result, null, 1));
    assert.deepEqual(
      sub(result).map((c) => [c.check, c.ok]),
      [
        ['client certificate required', true],
        ['no credentials refused with 401', true],
        ['wrong secret refused with 401', true],
        ['client credentials answered with a token', true],
      ],
    );
    const text = JSON.stringify(result);
    assert.ok(!text.includes(SECRET), 'the secret is not in the result');
    assert.ok(!text.includes('issued-token-value'), 'the token is not in the result');
  });

  it('fails an endpoint that gives tokens without credentials', async () => {
    const result = await check(servers.noCredentials);
    assert.equal(result.status, 'fail');
    assert.equal(result.diagnosis, 'token-endpoint-accepts-no-credentials');
  });

  it('fails an endpoint that accepts a wrong secret', async () => {
    const result = await check(servers.anySecret);
    assert.equal(result.diagnosis, 'token-endpoint-accepts-wrong-credentials');
  });

  it('fails an endpoint that answers without requiring a client certificate', async () => {
    const result = await check(servers.noMtls);
    assert.equal(result.status, 'fail');
    assert.equal(result.diagnosis, 'mtls-not-enforced');
  });

  it('fails an answer without an expiry, and a wrong secret given to the check', async () => {
    assert.equal((await check(servers.noExpiry)).diagnosis, 'token-endpoint-bad-answer');
    assert.equal(
      (await check(servers.good, 'not-the-secret')).diagnosis,
      'token-endpoint-refuses-credentials',
    );
  });

  it('check-server --token-endpoint reads the secret from an environment variable or a file, and never prints it', async () => {
    const cert = writePem(dir, 'client.crt', pki.client.certPem);
    const key = writePem(dir, 'client.key', pki.client.keyPem);
    const trust = writePem(dir, 'root.pem', pki.root.certPem);
    const secretFile = join(dir, 'secret.txt');
    writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o600 });
    const common = [
      'check-server',
      `localhost:${servers.good}`,
      '--token-endpoint',
      PATH,
      '--client-id',
      CLIENT_ID,
      '--client-cert',
      cert,
      '--client-key',
      key,
      '--trust',
      trust,
      '--dns-server',
      testDns.server,
      '--timeout',
      '20000',
      '--json',
    ];
    for (const source of [
      ['--client-secret-env', 'TOKEN_SECRET'],
      ['--client-secret-file', secretFile],
    ]) {
      const run = await cli([...common, ...source], { TOKEN_SECRET: SECRET });
      assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), 'secret not printed');
      const out = JSON.parse(run.stdout) as {
        checks: Array<{ id: string; status: string }>;
      };
      const token = out.checks.find((c) => c.id === 'token-endpoint');
      assert.equal(token?.status, 'pass', run.stdout);
    }
    const bad = await cli([...common.slice(0, 6)], {});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /client secret is needed/);
  });

  it('check-server --token-endpoint asks for the secret at a terminal, without echoing it, and uses it once', async () => {
    const args = [
      'check-server',
      `localhost:${servers.good}`,
      '--token-endpoint',
      PATH,
      '--client-id',
      CLIENT_ID,
      '--client-cert',
      writePem(dir, 'tty-client.crt', pki.client.certPem),
      '--client-key',
      writePem(dir, 'tty-client.key', pki.client.keyPem),
      '--trust',
      writePem(dir, 'tty-root.pem', pki.root.certPem),
      '--dns-server',
      testDns.server,
      '--timeout',
      '20000',
      '--json',
    ];
    const typedRight = await atTerminal(args, SECRET);
    assert.match(typedRight.output, /client secret of your OAuth token endpoint: /);
    assert.ok(!typedRight.output.includes(SECRET), 'what was typed is not echoed or printed');
    const json = JSON.parse(typedRight.output.slice(typedRight.output.indexOf('{')));
    const token = (json.checks as Array<{ id: string; status: string }>).find(
      (c) => c.id === 'token-endpoint',
    );
    assert.equal(token?.status, 'pass', typedRight.output);
    // The secret typed is the one used: a wrong one is refused by the endpoint.
    const typedWrong = await atTerminal(args, 'not-the-secret');
    const wrong = JSON.parse(typedWrong.output.slice(typedWrong.output.indexOf('{')));
    const refused = (wrong.checks as Array<{ id: string; diagnosis?: string }>).find(
      (c) => c.id === 'token-endpoint',
    );
    assert.equal(refused?.diagnosis, 'token-endpoint-refuses-credentials');
    assert.ok(!typedWrong.output.includes('not-the-secret'));
    // Nothing typed: one sentence, nothing checked.
    const empty = await atTerminal(args, '');
    assert.equal(empty.code, 2, empty.output);
    assert.match(empty.output, /the client secret of your OAuth token endpoint is empty: type one/);
  });
});
