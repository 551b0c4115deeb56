// A raw ClientHello for one TLS version, written by hand: it tells which versions a server accepts
// (including 1.0 and 1.1) without enabling legacy crypto in our own TLS library, and for TLS 1.2 it
// reads the server's Certificate and CertificateRequest, which travel in clear.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { connectTcp } from './session.js';
import {
  TLS_VERSION_CODES,
  tlsVersionName,
  type TlsVersion,
} from '../../../shared/tls-versions.js';
import { ServerHandshakeReader, type HandshakeReading } from './tls-evidence.js';

export type ProbedVersion = TlsVersion;

const LEGACY_SUITES = [
  0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc009, 0xc013, 0xc00a, 0xc014, 0x009c, 0x009d,
  0x002f, 0x0035, 0x000a,
];
const TLS13_SUITES = [0x1301, 0x1302, 0x1303];
const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0807, 0x0201, 0x0203,
];
const MAX_HELLO_BYTES = 256 * 1024;

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number) => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const vector16 = (data: Buffer) => Buffer.concat([u16(data.length), data]);
const list16 = (values: number[]) => vector16(Buffer.concat(values.map(u16)));
const extension = (type: number, data: Buffer) => Buffer.concat([u16(type), vector16(data)]);

function buildClientHello(version: ProbedVersion, servername?: string): Buffer {
  const code = TLS_VERSION_CODES[version];
  const extensions: Buffer[] = [];
  if (servername && !isIP(servername)) {
    const name = Buffer.from(servername, 'ascii');
    extensions.push(extension(0, vector16(Buffer.concat([u8(0), vector16(name)]))));
  }
  extensions.push(extension(10, list16([0x001d, 0x0017, 0x0018])));
  extensions.push(extension(11, Buffer.from([1, 0])));
  extensions.push(extension(0xff01, Buffer.from([0])));
  extensions.push(extension(23, Buffer.alloc(0)));
  if (code >= 0x0303) extensions.push(extension(13, list16(SIGNATURE_SCHEMES)));
  if (code === 0x0304) {
    const publicKey = generateKeyPairSync('x25519')
      .publicKey.export({ type: 'spki', format: 'der' })
      .subarray(-32);
    extensions.push(extension(43, Buffer.from([2, 0x03, 0x04])));
    extensions.push(extension(51, vector16(Buffer.concat([u16(0x001d), vector16(publicKey)]))));
    extensions.push(extension(45, Buffer.from([1, 1])));
  }
  const suites = code === 0x0304 ? [...TLS13_SUITES, ...LEGACY_SUITES] : LEGACY_SUITES;
  const body = Buffer.concat([
    u16(Math.min(code, 0x0303)),
    randomBytes(32),
    u8(32),
    randomBytes(32),
    list16(suites),
    Buffer.from([1, 0]),
    vector16(Buffer.concat(extensions)),
  ]);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}

export interface HelloProbeResult {
  version: ProbedVersion;
  accepted: boolean;
  /** The version the server chose, e.g. "TLSv1.2", or null. */
  negotiated: string | null;
  alert: number | null;
  /** What ended the probe when the server did not accept. */
  outcome: 'server-hello' | 'alert' | 'closed' | 'timeout' | 'not-tls' | 'unreachable';
  /** The server handshake as read (TLS 1.2: chain as sent and CertificateRequest). */
  reading: HandshakeReading | null;
  ms: number;
}

export async function probeClientHello(options: {
  address: string;
  port: number;
  servername?: string;
  version: ProbedVersion;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<HelloProbeResult> {
  const started = performance.now();
  const { version } = options;
  const result = (
    outcome: HelloProbeResult['outcome'],
    reading: HandshakeReading | null,
  ): HelloProbeResult => {
    const negotiated =
      reading?.version != null
        ? (tlsVersionName(reading.version) ?? `0x${reading.version.toString(16)}`)
        : null;
    return {
      version,
      accepted: negotiated === version,
      negotiated,
      alert: reading?.alert ?? null,
      outcome,
      reading,
      ms: Math.round(performance.now() - started),
    };
  };
  let socket;
  try {
    socket = await connectTcp(options.address, options.port, options.timeoutMs, options.signal);
  } catch {
    return result('unreachable', null);
  }
  // The bytes are read as they come; the reading so far, null before the first byte.
  const reader = new ServerHandshakeReader();
  const noSecrets = new Map<string, Buffer>();
  let reading: HandshakeReading | null = null;
  let firstByte: number | undefined;
  let size = 0;
  const wantFullFlight = version === 'TLSv1.2';
  return new Promise<HelloProbeResult>((resolve) => {
    let done = false;
    const finish = (outcome: HelloProbeResult['outcome']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(
        result(
          firstByte !== undefined && (firstByte < 0x14 || firstByte > 0x17) ? 'not-tls' : outcome,
          reading,
        ),
      );
    };
    const onAbort = () => finish('timeout');
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => {
      if (chunk.length === 0) return;
      firstByte ??= chunk[0];
      if (size < MAX_HELLO_BYTES) reading = reader.read(chunk, noSecrets);
      size += chunk.length;
      if (firstByte < 0x14 || firstByte > 0x17) return finish('not-tls');
      if (!reading) return;
      if (reading.alert !== null) return finish('alert');
      // The version is known at the ServerHello; for TLS 1.2 read on to ServerHelloDone for the chain and CA list.
      if (
        reading.version !== null &&
        (!wantFullFlight || reading.version !== 0x0303 || reading.complete)
      )
        return finish('server-hello');
      if (size >= MAX_HELLO_BYTES) finish('server-hello');
    });
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.write(buildClientHello(version, options.servername));
  });
}
