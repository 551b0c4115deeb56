// One live connection, step by step, each bounded in time and memory: TCP connect, TLS handshake
// over a tapped socket (for the evidence), then one HTTP request and its answer or the close.
import { tlsVersionName } from '../../../shared/tls-versions.js';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import {
  connect as tlsConnect,
  type PeerCertificate,
  type SecureVersion,
  type TLSSocket,
} from 'node:tls';
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { ChainEntry, TlsEvidence } from '../../../shared/diagnoses.js';
import { toPemBytes } from '../pem.js';
import { TLS_ALERTS, type ServerFlight, type TlsFailureEvidence } from './classify.js';
import {
  addKeylogLine,
  chainEntry,
  distinguishedName,
  HANDSHAKE_MESSAGES,
  issuerNameDer,
  readClientCertificateSent,
  ServerHandshakeReader,
  signatureSchemeName,
  TappedSocket,
  MAX_CHAIN_CERTIFICATES,
  type HandshakeReading,
} from './tls-evidence.js';

/**
 * The client certificate and key for the probe's connections. The key stays a KeyObject, never a
 * string: its PEM is made as bytes for each TLS context and wiped once the context is built.
 */
export interface ClientCredentials {
  certPem: string;
  key?: KeyObject;
  /** A key that stays on a PKCS#11 token, used through OpenSSL's pkcs11 engine (Node only, not BoringSSL). */
  engine?: { engine: string; identifier: string };
}

function keyPemBytes(key: KeyObject): Buffer {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  try {
    return toPemBytes('PRIVATE KEY', der);
  } finally {
    der.fill(0);
  }
}

export class StepTimeout extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
  }
}

export class Cancelled extends Error {
  readonly code = 'ABORT_ERR';
  constructor() {
    super('cancelled');
  }
}

/** One signal for a whole probe: aborted by the caller's signal or when the total time runs out. */
export function probeDeadline(
  totalMs: number,
  caller?: AbortSignal,
): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const cap = setTimeout(() => controller.abort(), totalMs);
  const cancel = () => controller.abort();
  caller?.addEventListener('abort', cancel, { once: true });
  if (caller?.aborted) controller.abort();
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(cap);
      caller?.removeEventListener('abort', cancel);
    },
  };
}

/** Runs `start` with a timer and the abort signal; `cleanup` runs when either fires first. */
function bounded<T>(
  ms: number,
  signal: AbortSignal,
  what: string,
  cleanup: () => void,
  start: (resolve: (v: T) => void, reject: (e: unknown) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new Cancelled());
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => finish(() => (cleanup(), reject(new Cancelled())));
    const timer = setTimeout(
      () => finish(() => (cleanup(), reject(new StepTimeout(what, ms)))),
      ms,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    start(
      (v) => finish(() => resolve(v)),
      (e) => finish(() => reject(e)),
    );
  });
}

export function connectTcp(
  address: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Socket> {
  let socket: Socket | undefined;
  return bounded<Socket>(
    timeoutMs,
    signal,
    `TCP connect to ${address}:${port}`,
    () => socket?.destroy(),
    (resolve, reject) => {
      socket = netConnect({ host: address, port, family: isIP(address) || undefined });
      socket.once('connect', () => {
        socket!.removeAllListeners('error');
        resolve(socket!);
      });
      socket.once('error', (error) => {
        socket!.destroy();
        reject(error);
      });
    },
  );
}

export interface TlsOptions {
  servername?: string;
  credentials?: ClientCredentials;
  /** PEM trust anchors; undefined means the system (Mozilla) roots. */
  ca?: string[];
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  /**
   * Copy the raw handshake bytes to read the chain as sent and the CertificateRequest (default).
   * Off, the evidence comes from the TLS library alone, as where the bytes cannot be read.
   */
  captureHandshake?: boolean;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface HandshakeOutcome {
  ok: boolean;
  error?: unknown;
  timedOut: boolean;
  ms: number;
}

export class TlsSession {
  readonly secrets = new Map<string, Buffer>();
  readonly tap: TappedSocket;
  socket: TLSSocket | undefined;
  /** Error raised by the TLS library before any byte left (e.g. key and certificate mismatch). */
  setupError: unknown;
  /** Read at the handshake: the socket forgets them once destroyed. */
  private negotiated:
    { protocol: string | null; cipher: string | null; sigalgs: string[] } | undefined;
  private reading: HandshakeReading | undefined;
  private reader = new ServerHandshakeReader();
  /** Captured chunks the reader has been given. */
  private chunksRead = 0;
  /** What the reading was made from: bytes received and keylog lines by then. */
  private readFrom = { received: -1, keylogLines: -1 };
  private keylogLines = 0;
  private evidenceCache: TlsEvidence | undefined;
  /** Names parsed once per connection, however often the evidence is re-read. */
  private readonly names = new Map<string, string>();
  /** The TLS library's chain, kept once read: a destroyed socket no longer gives it. */
  private peerChain: Buffer[] | undefined;

  constructor(
    raw: Socket,
    readonly options: TlsOptions,
  ) {
    this.tap = new TappedSocket(raw, options.captureHandshake === false ? 0 : undefined);
  }

  async handshake(): Promise<HandshakeOutcome> {
    const started = performance.now();
    const { credentials, timeoutMs, signal } = this.options;
    const keyPem = credentials?.key ? keyPemBytes(credentials.key) : undefined;
    try {
      this.socket = tlsConnect({
        socket: this.tap,
        servername:
          this.options.servername && !isIP(this.options.servername)
            ? this.options.servername
            : undefined,
        // Verification is a step of its own: finish the handshake to gather the evidence.
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
        ca: this.options.ca,
        minVersion: this.options.minVersion ?? 'TLSv1.2',
        maxVersion: this.options.maxVersion ?? 'TLSv1.3',
        ALPNProtocols: ['http/1.1'],
        ...(credentials?.engine
          ? {
              cert: credentials.certPem,
              privateKeyEngine: credentials.engine.engine,
              privateKeyIdentifier: credentials.engine.identifier,
            }
          : credentials
            ? { cert: credentials.certPem, key: keyPem }
            : {}),
      });
    } catch (error) {
      this.setupError = error;
      this.tap.destroy();
      return { ok: false, error, timedOut: false, ms: performance.now() - started };
    } finally {
      // tls.connect builds its secure context synchronously: OpenSSL holds the key from here on.
      keyPem?.fill(0);
    }
    const socket = this.socket;
    if (this.options.captureHandshake !== false)
      socket.on('keylog', (line) => {
        addKeylogLine(this.secrets, line);
        this.keylogLines += 1;
      });
    try {
      await bounded<void>(
        timeoutMs,
        signal,
        'TLS handshake',
        () => socket.destroy(),
        (resolve, reject) => {
          socket.once('secureConnect', () => {
            this.negotiated = {
              protocol: socket.getProtocol(),
              cipher: socket.getCipher()?.standardName ?? null,
              sigalgs: sharedSigalgs(socket),
            };
            resolve();
          });
          socket.once('error', reject);
          socket.once('close', () =>
            reject(
              Object.assign(
                new Error('the server closed the connection during the TLS handshake'),
                { code: 'ECONNCLOSED' },
              ),
            ),
          );
        },
      );
      return { ok: true, timedOut: false, ms: performance.now() - started };
    } catch (error) {
      socket.destroy();
      return {
        ok: false,
        error,
        timedOut: error instanceof StepTimeout,
        ms: performance.now() - started,
      };
    }
  }

  /** The server handshake read from the captured bytes (kept until refreshReading). */
  handshakeReading(): HandshakeReading {
    return (this.reading ??= this.readMore());
  }

  /** Reads the bytes that came since (or with secrets that came since), else keeps the reading. */
  refreshReading(): HandshakeReading {
    const same =
      this.reading !== undefined &&
      this.readFrom.received === this.tap.received &&
      this.readFrom.keylogLines === this.keylogLines;
    this.evidenceCache = undefined;
    if (same) return this.reading!;
    return (this.reading = this.readMore());
  }

  /**
   * Feeds the reader the captured chunks it has not seen. A reader stopped at a record it could
   * not decrypt starts over when new secrets came, as the record's keys may be among them.
   */
  private readMore(): HandshakeReading {
    if (this.reader.stuck && this.readFrom.keylogLines !== this.keylogLines) {
      this.reader = new ServerHandshakeReader();
      this.chunksRead = 0;
    }
    this.readFrom = { received: this.tap.received, keylogLines: this.keylogLines };
    const chunks = this.tap.chunksFrom(this.chunksRead);
    this.chunksRead += chunks.length;
    return this.reader.read(chunks, this.secrets);
  }

  evidence(): TlsEvidence {
    return (this.evidenceCache ??= this.readEvidence());
  }

  /**
   * What this connection showed when it failed, for classifyTlsFailure: re-reads the bytes (an
   * alert may have come after the library gave up), and reads our own side for the certificate.
   */
  failureEvidence(
    error: unknown,
    context: {
      afterHandshake: boolean;
      timedOut: boolean;
      clientCertificateExpired: boolean;
      legacyVersionsAccepted?: string[];
    },
  ): TlsFailureEvidence {
    const captured = this.options.captureHandshake !== false;
    const reading = this.refreshReading();
    const evidence = this.evidence();
    const last = reading.lastMessage !== null ? HANDSHAKE_MESSAGES[reading.lastMessage] : null;
    return {
      error,
      alert: evidence.alert?.number,
      bytesReceived: this.tap.received,
      firstByte: this.tap.firstByte,
      lastServerMessage: captured ? ((last as ServerFlight | null) ?? 'nothing') : null,
      serverVersion: this.negotiated?.protocol ?? tlsVersionName(reading.version),
      clientCertificateGiven: this.options.credentials !== undefined,
      clientCertificateSent: captured
        ? readClientCertificateSent(this.tap.sentBytes(), this.secrets, reading)
        : null,
      certificateRequested: evidence.certificateRequested,
      acceptableCaCount: reading.certificateRequest?.caNames.length ?? null,
      clientIssuerListed: this.clientIssuerListed(reading),
      ...context,
    };
  }

  /** Whether the CertificateRequest names our certificate's issuer (null: no list, or no certificate). */
  private clientIssuerListed(reading: HandshakeReading): boolean | null {
    const names = reading.certificateRequest?.caNames;
    const certPem = this.options.credentials?.certPem;
    if (!names || names.length === 0 || !certPem) return null;
    try {
      const issuer = issuerNameDer(new X509Certificate(certPem).raw);
      return names.some((name) => name.equals(issuer));
    } catch {
      return null;
    }
  }

  private readEvidence(): TlsEvidence {
    const reading = this.handshakeReading();
    const socket = this.socket;
    let chainDer = reading.certificates;
    let chainLength = reading.certificateCount;
    let chainSource: TlsEvidence['chainSource'] = chainDer.length > 0 ? 'handshake' : 'none';
    if (chainDer.length === 0) {
      chainDer = this.libraryChainDer();
      chainLength = chainDer.length;
      chainSource = chainDer.length > 0 ? 'library' : 'none';
    }
    const sigalgs = this.negotiated?.sigalgs ?? (socket ? sharedSigalgs(socket) : []);
    // From the bytes when they could be read; else Node's shared sigalgs, empty exactly when no CertificateRequest came.
    const requestReadable =
      reading.version === 0x0303
        ? reading.complete
        : reading.version === 0x0304 && reading.decrypted && reading.complete;
    const certificateRequested =
      reading.certificateRequest !== null
        ? true
        : requestReadable
          ? false
          : this.negotiated
            ? sigalgs.length > 0
            : null;
    return {
      protocol: this.negotiated?.protocol ?? tlsVersionName(reading.version),
      cipher: this.negotiated?.cipher ?? null,
      chainAsSent: chainDer.map((der) => {
        const { entry } = parsedCertificate(der);
        return { ...entry, subjectAltNames: [...entry.subjectAltNames] };
      }),
      chainLength,
      chainSource,
      certificateRequested,
      acceptableCaNames: reading.certificateRequest
        ? reading.certificateRequest.caNames.map((der) => this.nameOf(der))
        : null,
      signatureAlgorithms: reading.certificateRequest
        ? reading.certificateRequest.signatureAlgorithms.map(signatureSchemeName)
        : sigalgs,
      alert:
        reading.alert !== null && reading.alert !== 0
          ? { number: reading.alert, name: TLS_ALERTS[reading.alert] ?? 'unknown' }
          : null,
    };
  }

  private nameOf(der: Buffer): string {
    const key = der.toString('base64');
    let name = this.names.get(key);
    if (name === undefined) this.names.set(key, (name = distinguishedName(der)));
    return name;
  }

  /** The chain as sent, parsed (cached). */
  certificates(): X509Certificate[] {
    return this.chainDer().map((der) => parsedCertificate(der).cert);
  }

  /** The certificates as sent, as DER, for verification rules. */
  chainDer(): Buffer[] {
    const reading = this.handshakeReading();
    if (reading.certificates.length > 0) return reading.certificates;
    return this.libraryChainDer();
  }

  private libraryChainDer(): Buffer[] {
    if (this.peerChain) return this.peerChain;
    const chain = this.socket ? libraryChain(this.socket.getPeerCertificate(true)) : [];
    if (chain.length > 0) this.peerChain = chain;
    return chain;
  }

  close(): void {
    this.socket?.destroy();
    this.tap.destroy();
  }
}

/**
 * Certificates parsed lately, by their DER: a test run again against the same server parses none
 * of its chain again (Node's X509Certificate costs 0.1-1 ms a certificate, as much as the rest of
 * the evidence). Certificates are public and immutable; the most recent are kept.
 */
const recentlyParsed = new Map<string, { entry: ChainEntry; cert: X509Certificate }>();
const RECENTLY_PARSED_KEPT = 64;

function parsedCertificate(der: Buffer): { entry: ChainEntry; cert: X509Certificate } {
  const key = der.toString('base64');
  let parsed = recentlyParsed.get(key);
  if (parsed) recentlyParsed.delete(key);
  else {
    const cert = new X509Certificate(der);
    parsed = { entry: chainEntry(cert), cert };
  }
  recentlyParsed.set(key, parsed);
  if (recentlyParsed.size > RECENTLY_PARSED_KEPT)
    recentlyParsed.delete(recentlyParsed.keys().next().value!);
  return parsed;
}

/** Empty exactly when the server sent no CertificateRequest; a TLS library without it gives []. */
function sharedSigalgs(socket: TLSSocket): string[] {
  try {
    return socket.getSharedSigalgs();
  } catch {
    return [];
  }
}

/** The chain as the TLS library rebuilt it (it may add the trusted root): a fallback only. */
function libraryChain(peer: PeerCertificate | undefined): Buffer[] {
  const chain: Buffer[] = [];
  let current = peer as (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined;
  while (current?.raw && chain.length < MAX_CHAIN_CERTIFICATES) {
    if (chain.some((c) => c.equals(current!.raw))) break;
    chain.push(current.raw);
    current = current.issuerCertificate as typeof current;
  }
  return chain;
}

export interface HttpAnswer {
  kind: 'response' | 'closed' | 'garbage';
  status?: number;
  reason?: string;
  headers?: Record<string, string>;
  /** The start of the body, as text, for the evidence. */
  bodyStart?: string;
  bytes: number;
}

/** Response bytes kept: enough for the status line, headers and the start of the body. */
const MAX_RESPONSE_BYTES = 64 * 1024;

function parseHttp(data: Buffer): { answer: HttpAnswer; complete: boolean } | null {
  const text = data.toString('latin1');
  if (!/^HTTP\/\d/.test(text.slice(0, 8)) && text.length >= 8)
    return {
      answer: { kind: 'garbage', bytes: data.length, bodyStart: text.slice(0, 200) },
      complete: true,
    };
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
  const match = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(statusLine);
  if (!match)
    return {
      answer: { kind: 'garbage', bytes: data.length, bodyStart: text.slice(0, 200) },
      complete: true,
    };
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(end + 4);
  const length = Number(headers['content-length']);
  const complete =
    (Number.isFinite(length) && body.length >= Math.min(length, 4096)) ||
    body.length >= 4096 ||
    (headers['transfer-encoding'] === 'chunked' && body.includes('\r\n0\r\n\r\n'));
  return {
    answer: {
      kind: 'response',
      status: Number(match[1]),
      reason: match[2],
      headers,
      bodyStart: body.subarray(0, 2048).toString('utf8'),
      bytes: data.length,
    },
    complete,
  };
}

/** nginx answers a missing or refused client certificate with HTTP 400 and one of these pages. */
export const NGINX_CERTIFICATE_PAGES = {
  missing: 'No required SSL certificate was sent',
  refused: 'The SSL certificate error',
} as const;

/** Which of nginx's client-certificate pages an HTTP 400 body is, if any. */
export function nginxCertificateComplaint(
  body: string,
): keyof typeof NGINX_CERTIFICATE_PAGES | null {
  const lower = body.toLowerCase();
  if (lower.includes(NGINX_CERTIFICATE_PAGES.missing.toLowerCase())) return 'missing';
  if (lower.includes(NGINX_CERTIFICATE_PAGES.refused.toLowerCase())) return 'refused';
  return null;
}

/**
 * Sends one HTTP/1.1 request and waits for the answer or the close. A TLS alert that arrives
 * instead (TLS 1.3 rejects a client certificate after the handshake) rejects with its error.
 */
export function httpRoundTrip(
  socket: TLSSocket,
  host: string,
  path: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<HttpAnswer> {
  const chunks: Buffer[] = [];
  let size = 0;
  return bounded<HttpAnswer>(
    timeoutMs,
    signal,
    'HTTP request',
    () => socket.destroy(),
    (resolve, reject) => {
      const settle = () => {
        const parsed = parseHttp(Buffer.concat(chunks));
        resolve(
          parsed
            ? parsed.answer
            : size === 0
              ? { kind: 'closed', bytes: 0 }
              : {
                  kind: 'garbage',
                  bytes: size,
                  bodyStart: Buffer.concat(chunks).subarray(0, 200).toString('latin1'),
                },
        );
      };
      socket.on('data', (chunk: Buffer) => {
        if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
        const parsed = parseHttp(Buffer.concat(chunks));
        if ((parsed && parsed.complete) || size >= MAX_RESPONSE_BYTES) {
          settle();
          socket.destroy();
        }
      });
      socket.once('error', reject);
      socket.once('end', settle);
      socket.once('close', settle);
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: mtls-desk-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
      );
    },
  );
}
