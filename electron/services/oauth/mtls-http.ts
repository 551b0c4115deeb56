// One HTTPS request over mutual TLS with the probe's client identity: the OAuth token request and
// the authorized API call. The key is turned into PEM bytes only to build this request's TLS
// context and wiped at once; the answer is capped (64 KB) and the call bounded by a timeout and
// the probe's abort signal.
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { isIP } from 'node:net';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { LookupFunction } from 'node:net';
import { toPemBytes } from '../pem.js';
import type { ClientCredentials } from '../probe/session.js';

export interface MtlsHttpRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  credentials?: ClientCredentials;
  /** Extra trust anchors (PEM), added to the system roots. */
  trustPem?: string[];
  /** Connect to this address instead of resolving the host (the address the probe already tested). */
  address?: { address: string; family: number };
  timeoutMs: number;
  signal: AbortSignal;
}

export interface MtlsHttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  bytes: number;
}

export class HttpTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

const MAX_ANSWER_BYTES = 64 * 1024;

function secureContext(credentials: ClientCredentials | undefined, trustPem: string[] | undefined) {
  const der = credentials?.key?.export({ type: 'pkcs8', format: 'der' });
  const keyPem = der ? toPemBytes('PRIVATE KEY', der) : undefined;
  der?.fill(0);
  // A key on a PKCS#11 token goes through OpenSSL's engine, as in the probe's own handshake.
  const clientKey = credentials?.engine
    ? {
        cert: credentials.certPem,
        privateKeyEngine: credentials.engine.engine,
        privateKeyIdentifier: credentials.engine.identifier,
      }
    : credentials
      ? { cert: credentials.certPem, key: keyPem }
      : {};
  try {
    return createSecureContext({
      ...clientKey,
      ...(trustPem && trustPem.length > 0 ? { ca: [...trustPem, ...rootCertificates] } : {}),
      minVersion: 'TLSv1.2',
    });
  } finally {
    keyPem?.fill(0);
  }
}

export function mtlsRequest(request: MtlsHttpRequest): Promise<MtlsHttpAnswer> {
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const lookup: LookupFunction | undefined = request.address
    ? (_name, options, callback) => {
        const { address, family } = request.address!;
        if ((options as { all?: boolean }).all)
          (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(
            null,
            [{ address, family }],
          );
        else callback(null, address, family);
      }
    : undefined;
  return new Promise<MtlsHttpAnswer>((resolve, reject) => {
    let settled = false;
    const done = (error: Error | null, answer?: MtlsHttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(answer!);
    };
    const options: RequestOptions & { secureContext: SecureContext } = {
      protocol: 'https:',
      host,
      port: url.port ? Number(url.port) : 443,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: {
        'User-Agent': 'mtls-desk-probe',
        Connection: 'close',
        ...request.headers,
        ...(request.body !== undefined
          ? { 'Content-Length': String(Buffer.byteLength(request.body)) }
          : {}),
      },
      agent: false,
      secureContext: secureContext(request.credentials, request.trustPem),
      servername: isIP(host) ? undefined : host,
      rejectUnauthorized: true,
      ...(lookup ? { lookup } : {}),
    };
    const req = httpsRequest(options);
    const timer = setTimeout(() => {
      req.destroy();
      done(new HttpTimeout(`no answer from ${url.origin} within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    const onAbort = () => {
      req.destroy();
      done(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
    if (request.signal.aborted) onAbort();
    req.on('error', (error) => done(error));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
        size += chunk.length;
      });
      res.on('error', (error) => done(error));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers))
          if (value !== undefined)
            headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
        done(null, {
          status: res.statusCode ?? 0,
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          bytes: size,
        });
      });
    });
    req.end(request.body);
  });
}
