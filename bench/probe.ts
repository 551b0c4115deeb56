// Live diagnostics on loopback: a full inbound probe (identity, DNS, TCP, TLS with the evidence
// tap and TLS 1.3 decryption, verification, HTTP round trip) against a bare tls.connect handshake
// to the same server with the same certificates and the same HTTP request, in the same run; and
// the whole outbound readiness check against the time of four bare handshakes.
import { once } from 'node:events';
import { connect, createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createTestPki, pemOf } from '../test/helpers/tls-pki.js';
import { chainEntry } from '../electron/services/probe/tls-evidence.js';
import { probeInbound } from '../electron/services/probe/inbound.js';
import { checkOutboundReadiness } from '../electron/services/probe/outbound.js';
import { parseProbeUrl } from '../electron/services/probe/target.js';
import { compare, type BenchRow } from './harness.js';
import { createPrivateKey, X509Certificate } from 'node:crypto';

export async function run(): Promise<BenchRow[]> {
  const pki = await createTestPki();
  const server = createServer(
    {
      cert: pemOf(pki.server, pki.digicertCa),
      key: pki.server.keyPem,
      ca: pki.clientCa.certPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (socket) => {
      socket.on('error', () => undefined);
      socket.once('data', () =>
        socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok'),
      );
    },
  );
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    // The baselines: the same mTLS handshake with tls.connect alone; for the inbound probe, then
    // the same HTTP/1.1 request as the probe's, read until the answer is complete.
    const bareConnection = (withHttp: boolean) =>
      new Promise<void>((resolve, reject) => {
        const socket: TLSSocket = connect({
          host: '127.0.0.1',
          port,
          servername: 'localhost',
          cert: pki.client.certPem,
          key: pki.client.keyPem,
          ca: [pki.root.certPem],
          ...(withHttp ? { ALPNProtocols: ['http/1.1'] } : {}),
        });
        const done = () => (socket.destroy(), resolve());
        socket.once('error', reject);
        if (!withHttp) return void socket.once('secureConnect', done);
        let answer = '';
        socket.once('secureConnect', () =>
          socket.write(
            `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: bench\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
          ),
        );
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString('latin1');
          const end = answer.indexOf('\r\n\r\n');
          const length = /content-length: *(\d+)/i.exec(answer);
          if (end >= 0 && length && answer.length - end - 4 >= Number(length[1])) done();
        });
        socket.once('end', done);
      });
    const identity = {
      credentials: { certPem: pki.client.certPem, key: createPrivateKey(pki.client.keyPem) },
      certificate: chainEntry(new X509Certificate(pki.client.certPem).raw),
      keyMatchesCertificate: true,
      source: 'bench',
    };
    const target = parseProbeUrl(`https://127.0.0.1:${port}/`);
    const probe = async () => {
      const result = await probeInbound({ target, identity, trustPem: [pki.root.certPem] });
      if (!result.ok) throw new Error(`bench probe failed: ${result.diagnosis.id}`);
    };
    const readiness = async () => {
      const result = await checkOutboundReadiness({
        host: '127.0.0.1',
        port,
        clientCaPem: pki.clientCa.certPem,
        trustPem: pki.root.certPem,
      });
      if (result.checks.some((c) => c.status === 'fail'))
        throw new Error(`bench readiness failed: ${result.diagnosis.id}`);
    };
    // Ours and the baseline alternate call by call, so drift in machine load hits both alike.
    return [
      await compare({
        name: 'inbound probe (6 steps + HTTP) vs bare mTLS handshake + HTTP',
        ours: probe,
        baseline: () => bareConnection(true),
        maxRatio: 1.5,
        runs: 121,
        warmup: 10,
      }),
      await compare({
        name: 'outbound readiness check vs one bare handshake',
        ours: readiness,
        baseline: () => bareConnection(false),
        maxRatio: 4,
        runs: 31,
        warmup: 3,
        note: 'four handshakes',
      }),
    ];
  } finally {
    server.close();
  }
}
