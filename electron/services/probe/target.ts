// Reads what a person types as a target: an https URL (inbound) or host:port (outbound), with a
// one-sentence error for anything that cannot be a target.
import { isIP } from 'node:net';
import { UserError } from '../errors.js';
import { quoteInput } from '../pasted-text.js';

export interface ProbeTarget {
  url: string;
  host: string;
  port: number;
  path: string;
}

function checkPort(text: string | undefined, input: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const port = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} has port ${/^-?\d{1,6}$/.test(text) ? text : quoteInput(text)}, which is not a usable TCP port: give a port from 1 to 65535 (Thales uses 443)`,
      {},
      {
        id: 'target.bad-port',
        params: {
          input: quoteInput(input),
          port: /^-?\d{1,6}$/.test(text) ? text : quoteInput(text),
        },
      },
    );
  }
  return port;
}

/** DNS names: labels of 1 to 63 characters, 253 in all (a longer "name" is something pasted by mistake). */
const DNS_NAME =
  /^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

function checkHost(host: string, input: string): string {
  if (!isIP(host) && !DNS_NAME.test(host))
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} has an invalid host name ${quoteInput(host)}: give a DNS name or an IP address`,
      {},
      { id: 'target.bad-host', params: { input: quoteInput(input), host: quoteInput(host) } },
    );
  return host;
}

export function parseProbeUrl(input: string): ProbeTarget {
  const text = input.trim();
  if (text === '')
    throw new UserError(
      'bad-input',
      'give the URL to test, for example https://host.example.com/api/',
      {},
      { id: 'target.url-needed' },
    );
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https') {
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} uses ${quoteInput(`${scheme}://`)}: mutual TLS needs an https:// URL`,
      {},
      {
        id: 'target.not-https',
        params: { input: quoteInput(input), scheme: quoteInput(`${scheme}://`) },
      },
    );
  }
  const withScheme = scheme ? text : `https://${text}`;
  const authority = /^https:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?/i.exec(
    withScheme,
  );
  const port = checkPort(authority?.[2], input);
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} is not a valid URL: give it as https://host[:port]/base/path`,
      {},
      { id: 'target.bad-url', params: { input: quoteInput(input) } },
    );
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '')
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} has no host name: give it as https://host[:port]/base/path`,
      {},
      { id: 'target.no-host', params: { input: quoteInput(input) } },
    );
  if (url.username || url.password)
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} carries a user name or password: remove them, mTLS authenticates with the certificate`,
      {},
      { id: 'target.credentials', params: { input: quoteInput(input) } },
    );
  checkHost(host, input);
  return { url: url.href, host, port: port ?? 443, path: `${url.pathname}${url.search}` || '/' };
}

export function parseHostPort(input: string): { host: string; port: number } {
  const text = input
    .trim()
    .replace(/^https:\/\//i, '')
    .replace(/\/.*$/, '');
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(.*))?$/.exec(text);
  if (!match || match[1] === '')
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} is not host:port: give it as issuer.example.com:443`,
      {},
      { id: 'target.not-host-port', params: { input: quoteInput(input) } },
    );
  const host = match[1].replace(/^\[|\]$/g, '');
  if (match[1].startsWith('[') && isIP(host) !== 6)
    throw new UserError(
      'bad-input',
      `${quoteInput(input)} has a bracketed host that is not an IPv6 address`,
      {},
      { id: 'target.bad-ipv6', params: { input: quoteInput(input) } },
    );
  return { host: checkHost(host, input), port: checkPort(match[2], input) ?? 443 };
}

/** The HTTP Host header: an IPv6 literal in brackets, the port unless it is 443. */
export function hostHeader(host: string, port: number): string {
  const name = host.includes(':') ? `[${host}]` : host;
  return port === 443 ? name : `${name}:${port}`;
}
