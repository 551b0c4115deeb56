// Reads what Node's TLS API does not expose: the server chain exactly as sent, whether the server
// sent a CertificateRequest and the acceptable CA names in it, and the alert the server sent. It
// copies the raw bytes under the TLS socket (bounded) and parses the TLS records: TLS 1.2 sends
// the handshake in clear; TLS 1.3 encrypts it, so the server records are decrypted with this
// connection's own `keylog` secrets (RFC 8446 7.1-7.3). Nothing here is needed for the connection
// itself: when parsing fails, the probe falls back to what the TLS library reports.
import { createDecipheriv, createHmac, X509Certificate } from 'node:crypto';
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { ChainEntry } from '../../../shared/diagnoses.js';
import type { NameAttribute } from '../../../shared/artifact-facts.js';
import type { ChainNames } from '../../../shared/rules/server-chain.js';

/** Bytes kept per connection: a handshake with a long chain fits many times over. */
const MAX_CAPTURE_BYTES = 512 * 1024;
/** Certificates kept from a chain as sent; the count is still reported in full. */
export const MAX_CHAIN_CERTIFICATES = 16;

/** A Duplex over the TCP socket that hands every byte to TLS and keeps a bounded copy of what the server sent. */
export class TappedSocket extends Duplex {
  private readonly chunks: Buffer[] = [];
  private captured = 0;
  private readonly sentChunks: Buffer[] = [];
  private sentCaptured = 0;
  received = 0;
  firstByte: number | undefined;

  constructor(
    private readonly raw: Socket,
    private readonly cap = MAX_CAPTURE_BYTES,
  ) {
    super();
    raw.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.firstByte ??= chunk[0];
      if (this.captured < this.cap) {
        const part = chunk.subarray(0, this.cap - this.captured);
        this.chunks.push(part);
        this.captured += part.length;
      }
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => this.destroy());
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The captured chunks from the `from`-th on (the count so far is `chunkCount`). */
  chunksFrom(from: number): Buffer[] {
    return this.chunks.slice(from);
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  /** What we sent (bounded like the server's side): tells whether our certificate went out. */
  sentBytes(): Buffer {
    return Buffer.concat(this.sentChunks);
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    if (this.sentCaptured < this.cap) {
      const part = chunk.subarray(0, this.cap - this.sentCaptured);
      this.sentChunks.push(Buffer.from(part));
      this.sentCaptured += part.length;
    }
    this.raw.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }
}

export interface HandshakeReading {
  /** 0x0303 (TLS 1.2), 0x0304 (TLS 1.3), ... from the ServerHello. */
  version: number | null;
  cipherSuite: number | null;
  certificates: Buffer[];
  certificateCount: number;
  certificateRequest: { caNames: Buffer[]; signatureAlgorithms: number[] } | null;
  alert: number | null;
  /** Whether the encrypted TLS 1.3 handshake could be read. */
  decrypted: boolean;
  /** The server's Finished was reached (the whole server handshake was read). */
  complete: boolean;
  /** The last server handshake message read (2 ServerHello, 11 Certificate, 13 CertificateRequest, ...), null before any. */
  lastMessage: number | null;
}

/** Server handshake message types, by number, as the evidence names them. */
export const HANDSHAKE_MESSAGES: Record<number, string> = {
  2: 'ServerHello',
  8: 'EncryptedExtensions',
  11: 'Certificate',
  12: 'ServerKeyExchange',
  13: 'CertificateRequest',
  14: 'ServerHelloDone',
  15: 'CertificateVerify',
  20: 'Finished',
};

const TLS13_SUITES: Record<
  number,
  {
    hash: 'sha256' | 'sha384';
    cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
    keyLength: number;
  }
> = {
  0x1301: { hash: 'sha256', cipher: 'aes-128-gcm', keyLength: 16 },
  0x1302: { hash: 'sha384', cipher: 'aes-256-gcm', keyLength: 32 },
  0x1303: { hash: 'sha256', cipher: 'chacha20-poly1305', keyLength: 32 },
};

const HELLO_RETRY_RANDOM = Buffer.from(
  'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c',
  'hex',
);

function expandLabel(secret: Buffer, label: string, length: number, hash: string): Buffer {
  const fullLabel = Buffer.from(`tls13 ${label}`);
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, fullLabel.length]),
    fullLabel,
    Buffer.from([0, 1]),
  ]);
  // HKDF-Expand with one block: every key and IV here is shorter than the hash.
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}

interface TrafficKeys {
  cipher: string;
  key: Buffer;
  iv: Buffer;
  sequence: number;
}

function trafficKeys(secret: Buffer, suite: number): TrafficKeys | null {
  const spec = TLS13_SUITES[suite];
  if (!spec) return null;
  return {
    cipher: spec.cipher,
    key: expandLabel(secret, 'key', spec.keyLength, spec.hash),
    iv: expandLabel(secret, 'iv', 12, spec.hash),
    sequence: 0,
  };
}

function decryptRecord(
  keys: TrafficKeys,
  header: Buffer,
  payload: Buffer,
): { type: number; content: Buffer } | null {
  if (payload.length < 17) return null;
  const nonce = Buffer.from(keys.iv);
  let sequence = keys.sequence;
  for (let i = 0; i < 8; i++) {
    nonce[11 - i] ^= sequence % 256;
    sequence = Math.floor(sequence / 256);
  }
  try {
    const decipher = createDecipheriv(keys.cipher as 'aes-128-gcm', keys.key, nonce, {
      authTagLength: 16,
    });
    decipher.setAAD(header);
    decipher.setAuthTag(payload.subarray(payload.length - 16));
    const plain = Buffer.concat([
      decipher.update(payload.subarray(0, payload.length - 16)),
      decipher.final(),
    ]);
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) return null;
    keys.sequence++;
    return { type: plain[end - 1], content: plain.subarray(0, end - 1) };
  } catch {
    return null;
  }
}

/** Splits a byte stream into handshake messages, however records cut them. */
class MessageReader {
  private buffer = Buffer.alloc(0);
  push(data: Buffer): Array<{ type: number; body: Buffer }> {
    this.buffer = Buffer.concat([this.buffer, data]);
    const messages: Array<{ type: number; body: Buffer }> = [];
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUIntBE(1, 3);
      if (this.buffer.length < 4 + length) break;
      messages.push({ type: this.buffer[0], body: this.buffer.subarray(4, 4 + length) });
      this.buffer = this.buffer.subarray(4 + length);
    }
    return messages;
  }
}

function parseServerHello(body: Buffer): { version: number; suite: number; retry: boolean } {
  let version = body.readUInt16BE(0);
  const retry = body.subarray(2, 34).equals(HELLO_RETRY_RANDOM);
  let offset = 34;
  offset += 1 + body[offset];
  const suite = body.readUInt16BE(offset);
  offset += 3;
  if (offset + 2 <= body.length) {
    const end = offset + 2 + body.readUInt16BE(offset);
    offset += 2;
    while (offset + 4 <= end) {
      const type = body.readUInt16BE(offset);
      const length = body.readUInt16BE(offset + 2);
      if (type === 43 && length === 2) version = body.readUInt16BE(offset + 4);
      offset += 4 + length;
    }
  }
  return { version, suite, retry };
}

function readU16List(data: Buffer): number[] {
  const values: number[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) values.push(data.readUInt16BE(i));
  return values;
}

function readDistinguishedNames(data: Buffer): Buffer[] {
  const names: Buffer[] = [];
  let offset = 0;
  while (offset + 2 <= data.length) {
    const length = data.readUInt16BE(offset);
    names.push(data.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return names;
}

function parseCertificateRequest(
  body: Buffer,
  tls13: boolean,
): { caNames: Buffer[]; signatureAlgorithms: number[] } {
  if (!tls13) {
    let offset = 1 + body[0];
    const sigLength = body.readUInt16BE(offset);
    const signatureAlgorithms = readU16List(body.subarray(offset + 2, offset + 2 + sigLength));
    offset += 2 + sigLength;
    const namesLength = body.readUInt16BE(offset);
    return {
      signatureAlgorithms,
      caNames: readDistinguishedNames(body.subarray(offset + 2, offset + 2 + namesLength)),
    };
  }
  let offset = 1 + body[0];
  const end = offset + 2 + body.readUInt16BE(offset);
  offset += 2;
  const result = { caNames: [] as Buffer[], signatureAlgorithms: [] as number[] };
  while (offset + 4 <= end) {
    const type = body.readUInt16BE(offset);
    const data = body.subarray(offset + 4, offset + 4 + body.readUInt16BE(offset + 2));
    if (type === 13)
      result.signatureAlgorithms = readU16List(data.subarray(2, 2 + data.readUInt16BE(0)));
    if (type === 47)
      result.caNames = readDistinguishedNames(data.subarray(2, 2 + data.readUInt16BE(0)));
    offset += 4 + data.length;
  }
  return result;
}

function parseCertificateList(body: Buffer, tls13: boolean, reading: HandshakeReading): void {
  let offset = tls13 ? 1 + body[0] : 0;
  const end = offset + 3 + body.readUIntBE(offset, 3);
  offset += 3;
  while (offset + 3 <= end && offset + 3 <= body.length) {
    const length = body.readUIntBE(offset, 3);
    reading.certificateCount++;
    if (reading.certificates.length < MAX_CHAIN_CERTIFICATES)
      reading.certificates.push(Buffer.from(body.subarray(offset + 3, offset + 3 + length)));
    offset += 3 + length;
    if (tls13) offset += 2 + body.readUInt16BE(offset);
  }
}

function emptyReading(): HandshakeReading {
  return {
    version: null,
    cipherSuite: null,
    certificates: [],
    certificateCount: 0,
    certificateRequest: null,
    alert: null,
    decrypted: false,
    complete: false,
    lastMessage: null,
  };
}

/**
 * The server's side of a connection, read as its bytes arrive: each call parses only the bytes
 * after those read before (a record cut short waits for the rest), so a probe that reads the
 * handshake at its end, then again after the HTTP answer, never parses or decrypts a record twice.
 */
export class ServerHandshakeReader {
  private readonly reading = emptyReading();
  private readonly clear = new MessageReader();
  private readonly encrypted = new MessageReader();
  private keys: TrafficKeys | null = null;
  private applicationPhase = false;
  private changedCipher = false;
  private pending: Buffer = Buffer.alloc(0);
  /**
   * Stopped at a record it cannot read (no secret for it yet, or it does not decrypt): later
   * bytes wait behind it, and the next call tries it again.
   */
  stuck = false;

  /** Reads `more` (the bytes after those given before) with `secrets`, the keylog values by label. */
  read(more: Buffer | readonly Buffer[], secrets: ReadonlyMap<string, Buffer>): HandshakeReading {
    const added = Buffer.isBuffer(more) ? [more] : more;
    const bytes =
      this.pending.length === 0 && added.length === 1
        ? added[0]
        : Buffer.concat([this.pending, ...added]);
    let offset = 0;
    this.stuck = false;
    while (offset + 5 <= bytes.length) {
      const length = bytes.readUInt16BE(offset + 3);
      if (offset + 5 + length > bytes.length) break;
      if (!this.record(bytes.subarray(offset, offset + 5 + length), secrets)) {
        this.stuck = true;
        break;
      }
      offset += 5 + length;
    }
    this.pending = bytes.subarray(offset);
    return { ...this.reading, certificates: [...this.reading.certificates] };
  }

  /** One whole record; false when it cannot be read yet (then nothing of it was taken). */
  private record(record: Buffer, secrets: ReadonlyMap<string, Buffer>): boolean {
    const reading = this.reading;
    const type = record[0];
    const payload = record.subarray(5);
    if (type === 20) this.changedCipher = true;
    else if (
      type === 21 &&
      payload.length === 2 &&
      !(this.changedCipher && reading.version !== 0x0304)
    )
      reading.alert ??= payload[1];
    else if (type === 22 && !this.changedCipher)
      for (const m of this.clear.push(payload)) this.handle(m, false);
    else if (type === 23 && reading.version === 0x0304 && reading.cipherSuite !== null) {
      if (!this.keys) {
        const secret = secrets.get(
          this.applicationPhase ? 'SERVER_TRAFFIC_SECRET_0' : 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
        );
        this.keys = secret ? trafficKeys(secret, reading.cipherSuite) : null;
        if (!this.keys) return false;
      }
      const decrypted = decryptRecord(this.keys, record.subarray(0, 5), payload);
      if (!decrypted) return false;
      reading.decrypted = true;
      if (decrypted.type === 21 && decrypted.content.length === 2)
        reading.alert ??= decrypted.content[1];
      if (decrypted.type === 22 && !this.applicationPhase) {
        for (const m of this.encrypted.push(decrypted.content)) {
          this.handle(m, true);
          if (m.type === 20) {
            // The server's Finished: what follows is under the application traffic keys.
            this.applicationPhase = true;
            this.keys = null;
          }
        }
      }
    }
    return true;
  }

  private handle(message: { type: number; body: Buffer }, tls13: boolean): void {
    const reading = this.reading;
    if (HANDSHAKE_MESSAGES[message.type]) reading.lastMessage = message.type;
    try {
      if (message.type === 2) {
        const hello = parseServerHello(message.body);
        if (hello.retry) return;
        reading.version = hello.version;
        reading.cipherSuite = hello.suite;
      } else if (message.type === 11) parseCertificateList(message.body, tls13, reading);
      else if (message.type === 13)
        reading.certificateRequest = parseCertificateRequest(message.body, tls13);
      else if (message.type === 14 || message.type === 20) reading.complete = true;
    } catch {
      // A malformed message: keep what was read so far.
    }
  }
}

/** Parses the server's side of a captured connection at once; `secrets` are the keylog lines' values by label. */
export function readServerHandshake(
  bytes: Buffer,
  secrets: ReadonlyMap<string, Buffer>,
): HandshakeReading {
  return new ServerHandshakeReader().read(bytes, secrets);
}

/**
 * Whether our side sent a client certificate, read from the bytes we wrote: true (a Certificate
 * message with at least one certificate), false (an empty one, or our Finished without one), or
 * null (not known: the handshake stopped first, or TLS 1.3 records could not be decrypted).
 */
export function readClientCertificateSent(
  sent: Buffer,
  secrets: ReadonlyMap<string, Buffer>,
  server: Pick<HandshakeReading, 'version' | 'cipherSuite'>,
): boolean | null {
  const clear = new MessageReader();
  const encrypted = new MessageReader();
  let keys: TrafficKeys | null = null;
  let changedCipher = false;
  let answer: boolean | null = null;
  const look = (messages: Array<{ type: number; body: Buffer }>, tls13: boolean): boolean => {
    for (const m of messages) {
      if (m.type === 11) {
        const offset = tls13 ? 1 + (m.body[0] ?? 0) : 0;
        answer = m.body.length >= offset + 3 && m.body.readUIntBE(offset, 3) > 0;
        return true;
      }
      if (m.type === 20) {
        answer = false;
        return true;
      }
    }
    return false;
  };
  let offset = 0;
  while (offset + 5 <= sent.length) {
    const type = sent[offset];
    const length = sent.readUInt16BE(offset + 3);
    if (offset + 5 + length > sent.length) break;
    const header = sent.subarray(offset, offset + 5);
    const payload = sent.subarray(offset + 5, offset + 5 + length);
    offset += 5 + length;
    try {
      if (type === 20) {
        changedCipher = true;
        // TLS 1.2: our ChangeCipherSpec came without a Certificate message before it.
        if (server.version !== null && server.version < 0x0304) return false;
      } else if (type === 22 && !changedCipher) {
        if (look(clear.push(payload), false)) return answer;
      } else if (type === 23 && server.version === 0x0304 && server.cipherSuite !== null) {
        if (!keys) {
          const secret = secrets.get('CLIENT_HANDSHAKE_TRAFFIC_SECRET');
          keys = secret ? trafficKeys(secret, server.cipherSuite) : null;
          if (!keys) return null;
        }
        const record = decryptRecord(keys, header, payload);
        if (!record) return null;
        if (record.type === 22 && look(encrypted.push(record.content), true)) return answer;
      }
    } catch {
      return null;
    }
  }
  return answer;
}

/** Parses one keylog line ("LABEL <client random> <secret>") into the map. */
export function addKeylogLine(secrets: Map<string, Buffer>, line: Buffer | string): void {
  const [label, , secret] = line.toString('latin1').trim().split(' ');
  if (label && secret) secrets.set(label, Buffer.from(secret, 'hex'));
}

export const SIGNATURE_SCHEMES: Record<number, string> = {
  0x0201: 'rsa_pkcs1_sha1',
  0x0203: 'ecdsa_sha1',
  0x0301: 'rsa_pkcs1_sha224',
  0x0303: 'ecdsa_sha224',
  0x0401: 'rsa_pkcs1_sha256',
  0x0501: 'rsa_pkcs1_sha384',
  0x0601: 'rsa_pkcs1_sha512',
  0x0403: 'ecdsa_secp256r1_sha256',
  0x0503: 'ecdsa_secp384r1_sha384',
  0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256',
  0x0805: 'rsa_pss_rsae_sha384',
  0x0806: 'rsa_pss_rsae_sha512',
  0x0807: 'ed25519',
  0x0808: 'ed448',
  0x0809: 'rsa_pss_pss_sha256',
  0x080a: 'rsa_pss_pss_sha384',
  0x080b: 'rsa_pss_pss_sha512',
};

export function signatureSchemeName(code: number): string {
  return SIGNATURE_SCHEMES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** One DER TLV at `offset`: its tag, where its content starts and ends. */
function tlv(der: Buffer, offset: number): { tag: number; start: number; end: number } {
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3) throw new Error('unsupported DER length');
    length = der.readUIntBE(start, count);
    start += count;
  }
  if (start + length > der.length) throw new Error('truncated DER');
  return { tag, start, end: start + length };
}

function oidText(bytes: Buffer): string {
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (const byte of bytes.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** A DER Name (as in a CertificateRequest's CA list) as "CN=..., O=...", in DER order like Node's X509Certificate. */
export function distinguishedName(der: Buffer): string {
  try {
    const name = tlv(der, 0);
    const parts: string[] = [];
    for (let set = name.start; set < name.end;) {
      const rdn = tlv(der, set);
      for (let at = rdn.start; at < rdn.end;) {
        const pair = tlv(der, at);
        const oid = tlv(der, pair.start);
        const value = tlv(der, oid.end);
        const text =
          value.tag === 0x1e
            ? der.subarray(value.start, value.end).swap16().toString('utf16le')
            : der.subarray(value.start, value.end).toString(value.tag === 0x0c ? 'utf8' : 'latin1');
        const type = oidText(der.subarray(oid.start, oid.end));
        parts.push(`${ATTRIBUTE_NAMES[type] ?? type}=${text}`);
        at = pair.end;
      }
      set = rdn.end;
    }
    return parts.join(', ');
  } catch {
    return `(unreadable name, ${der.length} bytes)`;
  }
}

/** The DER of a certificate's subject Name, to compare byte for byte with a CertificateRequest's CA names. */
export function subjectNameDer(certificate: Buffer): Buffer {
  const tbs = tlv(certificate, tlv(certificate, 0).start);
  let at = tbs.start;
  if (certificate[at] === 0xa0) at = tlv(certificate, at).end; // explicit version
  for (let field = 0; field < 4; field++) at = tlv(certificate, at).end; // serial, signature, issuer, validity
  return certificate.subarray(at, tlv(certificate, at).end);
}

/** The DER of a certificate's issuer Name: is it among a CertificateRequest's CA names? */
export function issuerNameDer(certificate: Buffer): Buffer {
  const tbs = tlv(certificate, tlv(certificate, 0).start);
  let at = tbs.start;
  if (certificate[at] === 0xa0) at = tlv(certificate, at).end; // explicit version
  for (let field = 0; field < 2; field++) at = tlv(certificate, at).end; // serial, signature
  return certificate.subarray(at, tlv(certificate, at).end);
}

function oneLineName(name: string): string {
  return name.split('\n').join(', ');
}

export function chainEntry(der: Buffer | X509Certificate): ChainEntry {
  try {
    const cert = der instanceof X509Certificate ? der : new X509Certificate(der);
    let selfSigned = false;
    if (cert.subject === cert.issuer) {
      try {
        selfSigned = cert.verify(cert.publicKey);
      } catch {
        selfSigned = false;
      }
    }
    return {
      subject: oneLineName(cert.subject),
      issuer: oneLineName(cert.issuer),
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
      isCa: cert.ca,
      selfSigned,
      subjectAltNames: cert.subjectAltName ? cert.subjectAltName.split(', ') : [],
      sha256Fingerprint: cert.fingerprint256,
    };
  } catch {
    return {
      subject: '(unreadable certificate)',
      issuer: '',
      notBefore: '',
      notAfter: '',
      isCa: false,
      selfSigned: false,
      subjectAltNames: [],
      sha256Fingerprint: '',
    };
  }
}

function nameAttributes(name: string): NameAttribute[] {
  return name
    .split('\n')
    .filter(Boolean)
    .map((part) => {
      const equals = part.indexOf('=');
      return { type: part.slice(0, equals), value: part.slice(equals + 1) };
    });
}

/** Subject and issuer names for the chain rules, read natively (the full facts cost ~10 ms a certificate). */
export function chainNames(cert: X509Certificate): ChainNames {
  return { subject: nameAttributes(cert.subject), issuer: nameAttributes(cert.issuer) };
}
