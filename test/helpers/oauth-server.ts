// A D1-like OAuth 2.0 token server for the tests, on 127.0.0.1 over real HTTPS with mutual TLS. It
// verifies client assertions with its own JOSE code, independent of the `jose` library the app
// signs with: Node's crypto.verify over the JWS signing input, the registered JWK imported with
// crypto.createPublicKey({ format: 'jwk' }). It issues opaque access tokens, and its API paths
// answer 200 only with one of them. Every rule is a setting a test can change.
import { createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type ServerOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { after } from 'node:test';

export interface TokenServerRules {
  /** kid -> public JWK registered ("provisioned in D1"). */
  keys: Map<string, JsonWebKey>;
  /** The iss (and sub) the keys are registered for. */
  issuer: string;
  /** The aud the server expects; null: the token URL it is called on. */
  audience: string | null;
  /** Algorithms accepted (D1: ES256 only). */
  algorithms: string[];
  /** Added to the real time when the server checks exp and iat. */
  validationOffsetMs: number;
  /** Added to the real time in the Date header. */
  dateOffsetMs: number;
  /** The API answers 403 even to a token it issued. */
  apiRefusesTokens: boolean;
  /** The token path (404 elsewhere). */
  tokenPath: string;
  /** The token endpoint is down for maintenance: 503 with an OAuth error the probe has no rule for. */
  unavailable?: boolean;
}

export interface TokenServer {
  port: number;
  rules: TokenServerRules;
  /** Every access token issued, and every assertion received (to check none leaks into outputs). */
  issued: string[];
  assertions: string[];
  close(): Promise<void>;
}

const b64url = (text: string) => Buffer.from(text, 'base64url');

function json(res: import('node:http').ServerResponse, status: number, body: unknown, date: Date) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    Date: date.toUTCString(),
    ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
  });
  res.end(JSON.stringify(body));
}

export async function startTokenServer(
  tls: Pick<ServerOptions, 'cert' | 'key' | 'ca'>,
  rules: Partial<TokenServerRules> = {},
): Promise<TokenServer> {
  const state: TokenServer = {
    port: 0,
    rules: {
      keys: new Map(),
      issuer: 'MGW_123456',
      audience: null,
      algorithms: ['ES256'],
      validationOffsetMs: 0,
      dateOffsetMs: 0,
      apiRefusesTokens: false,
      tokenPath: '/authz/v1/oauth2/token',
      ...rules,
    },
    issued: [],
    assertions: [],
    close: async () => undefined,
  };
  const server = createServer(
    { ...tls, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
    (req, res) => {
      const r = state.rules;
      const date = new Date(Date.now() + r.dateOffsetMs);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0];
        if (path === r.tokenPath) {
          if (r.unavailable) return json(res, 503, { error: 'temporarily_unavailable' }, date);
          if (req.method !== 'POST') return json(res, 405, { error: 'method_not_allowed' }, date);
          const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
          if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
            return json(res, 400, { error: 'unsupported_grant_type' }, date);
          const assertion = form.get('assertion') ?? '';
          state.assertions.push(assertion);
          const parts = assertion.split('.');
          if (parts.length !== 3) return json(res, 400, { error: 'invalid_request' }, date);
          let header: { alg?: string; kid?: string };
          let claims: Record<string, unknown>;
          try {
            header = JSON.parse(b64url(parts[0]).toString('utf8'));
            claims = JSON.parse(b64url(parts[1]).toString('utf8'));
          } catch {
            return json(res, 400, { error: 'invalid_request' }, date);
          }
          if (!header.alg || !r.algorithms.includes(header.alg))
            return json(
              res,
              400,
              {
                error: 'invalid_client',
                error_description: `unsupported signature algorithm ${header.alg}: this endpoint accepts ${r.algorithms.join(', ')} only`,
              },
              date,
            );
          const jwk = header.kid ? r.keys.get(header.kid) : undefined;
          if (!jwk)
            return json(
              res,
              401,
              {
                error: 'invalid_client',
                error_description: `no key registered with kid ${header.kid}`,
              },
              date,
            );
          const signed = verify(
            'sha256',
            Buffer.from(`${parts[0]}.${parts[1]}`),
            { key: createPublicKey({ key: jwk, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
            b64url(parts[2]),
          );
          if (!signed)
            return json(
              res,
              401,
              {
                error: 'invalid_client',
                error_description:
                  'the signature does not verify with the key registered for this kid',
              },
              date,
            );
          const expectedAud = r.audience ?? `https://${req.headers.host}${r.tokenPath}`;
          if (claims.iss !== r.issuer || claims.sub !== r.issuer)
            return json(
              res,
              400,
              { error: 'invalid_grant', error_description: `iss and sub must be ${r.issuer}` },
              date,
            );
          if (claims.aud !== expectedAud)
            return json(
              res,
              400,
              { error: 'invalid_grant', error_description: `aud must be ${expectedAud}` },
              date,
            );
          const now = Math.floor((Date.now() + r.validationOffsetMs) / 1000);
          const exp = Number(claims.exp);
          const iat = Number(claims.iat);
          if (!Number.isFinite(exp) || exp <= now)
            return json(
              res,
              400,
              {
                error: 'invalid_grant',
                error_description: 'the assertion expired (exp is in the past)',
              },
              date,
            );
          if (!Number.isFinite(iat) || iat > now + 30)
            return json(
              res,
              400,
              {
                error: 'invalid_grant',
                error_description: 'iat is in the future: the assertion is not yet valid',
              },
              date,
            );
          if (exp - iat > 900)
            return json(
              res,
              400,
              {
                error: 'invalid_grant',
                error_description: 'exp is more than 15 minutes after iat',
              },
              date,
            );
          if (typeof claims.jti !== 'string' || !claims.jti)
            return json(
              res,
              400,
              { error: 'invalid_grant', error_description: 'jti is required' },
              date,
            );
          const token = randomBytes(24).toString('base64url');
          state.issued.push(token);
          return json(
            res,
            200,
            { access_token: token, token_type: 'Bearer', expires_in: 900 },
            date,
          );
        }
        if (path.startsWith('/authz/')) return json(res, 404, { error: 'not_found' }, date);
        const auth = req.headers.authorization ?? '';
        const token = /^Bearer (.+)$/.exec(auth)?.[1];
        if (!token || !state.issued.includes(token))
          return json(res, 401, { error: 'unauthorized' }, date);
        if (r.apiRefusesTokens)
          return json(
            res,
            403,
            { error: 'forbidden', error_description: 'insufficient scope' },
            date,
          );
        return json(res, 200, { ok: true, path }, date);
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
  state.port = (server.address() as AddressInfo).port;
  let closed = false;
  state.close = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  after(() => state.close());
  return state;
}
