// Step 1 of the inbound test: what DNS says (every A/AAAA record with its TTL) against what the
// system resolver returns (which reads the hosts file). Both are injected, so tests can point them
// at a DNS responder on 127.0.0.1 and never at the network.
import { promises as dnsPromises, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

export interface DnsRecord {
  address: string;
  family: 4 | 6;
  ttl: number;
}

/** The part of dns.promises.Resolver the probe uses. */
export interface ResolverLike {
  resolve4(host: string, options: { ttl: true }): Promise<Array<{ address: string; ttl: number }>>;
  resolve6(host: string, options: { ttl: true }): Promise<Array<{ address: string; ttl: number }>>;
}

export type LookupAll = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface DnsDependencies {
  resolver: ResolverLike;
  /** What the system resolver returns (hosts file first, then DNS). */
  lookup: LookupAll;
}

/** The system's DNS; its resolver (a c-ares channel reading the system's configuration) is made on first use, so an IP address never pays for one. */
export function systemDns(): DnsDependencies {
  let resolver: InstanceType<typeof dnsPromises.Resolver> | undefined;
  return {
    get resolver() {
      return (resolver ??= new dnsPromises.Resolver({ timeout: 2000, tries: 2 }));
    },
    lookup: (host) =>
      dnsPromises.lookup(host, { all: true, verbatim: true }) as Promise<LookupAddress[]>,
  };
}

/** A resolver asking one DNS server (e.g. "127.0.0.1:5353"), and a lookup that skips the hosts file. */
export function dnsThroughServer(server: string, timeoutMs = 2000): DnsDependencies {
  const resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([server]);
  return { resolver, lookup: lookupThroughResolver(resolver) };
}

/** A lookup built on DNS alone (no hosts file), for tests and for "ask this DNS server" runs. */
function lookupThroughResolver(resolver: ResolverLike): LookupAll {
  return async (host) => {
    const records = await resolveAll(resolver, host);
    if (records.addresses.length === 0)
      throw (
        records.error ?? Object.assign(new Error(`queryA ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
      );
    return records.addresses.map((r) => ({ address: r.address, family: r.family }));
  };
}

async function resolveAll(
  resolver: ResolverLike,
  host: string,
): Promise<{ addresses: DnsRecord[]; error?: NodeJS.ErrnoException }> {
  const [v4, v6] = await Promise.allSettled([
    resolver.resolve4(host, { ttl: true }),
    resolver.resolve6(host, { ttl: true }),
  ]);
  const addresses: DnsRecord[] = [
    ...(v4.status === 'fulfilled'
      ? v4.value.map((r) => ({ address: r.address, family: 4 as const, ttl: r.ttl }))
      : []),
    ...(v6.status === 'fulfilled'
      ? v6.value.map((r) => ({ address: r.address, family: 6 as const, ttl: r.ttl }))
      : []),
  ];
  const rejected = [v4, v6].find((r) => r.status === 'rejected') as
    PromiseRejectedResult | undefined;
  return { addresses, error: rejected?.reason as NodeJS.ErrnoException | undefined };
}

export interface NameResolution {
  kind: 'ip-literal' | 'resolved' | 'hosts-file-pin' | 'not-found';
  /** The addresses to connect to, in the order the system resolver gives them. */
  addresses: Array<{ address: string; family: number }>;
  dnsRecords: DnsRecord[];
  systemAddresses: string[];
  dnsError?: string;
  systemError?: string;
}

function withTimeout<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'ETIMEOUT' })),
      ms,
    );
    const abort = () => reject(Object.assign(new Error('cancelled'), { code: 'ABORT_ERR' }));
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    });
  });
}

export async function resolveName(
  host: string,
  deps: DnsDependencies,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<NameResolution> {
  const literal = isIP(host);
  if (literal)
    return {
      kind: 'ip-literal',
      addresses: [{ address: host, family: literal }],
      dnsRecords: [],
      systemAddresses: [host],
    };
  const [dnsAnswer, system] = await Promise.allSettled([
    withTimeout(resolveAll(deps.resolver, host), timeoutMs, signal),
    withTimeout(deps.lookup(host), timeoutMs, signal),
  ]);
  const dnsRecords = dnsAnswer.status === 'fulfilled' ? dnsAnswer.value.addresses : [];
  const dnsError =
    dnsAnswer.status === 'rejected'
      ? describeError(dnsAnswer.reason)
      : dnsRecords.length === 0
        ? describeError(dnsAnswer.value.error)
        : undefined;
  const systemList = system.status === 'fulfilled' ? system.value : [];
  const systemError = system.status === 'rejected' ? describeError(system.reason) : undefined;
  const systemAddresses = systemList.map((a) => a.address);
  const base = { dnsRecords, systemAddresses, dnsError, systemError };
  if (systemList.length === 0 && dnsRecords.length === 0)
    return { kind: 'not-found', addresses: [], ...base };
  if (systemList.length === 0)
    return {
      kind: 'resolved',
      addresses: dnsRecords.map((r) => ({ address: r.address, family: r.family })),
      ...base,
    };
  const inDns = new Set(dnsRecords.map((r) => r.address));
  const pinned = systemAddresses.some((a) => !inDns.has(a));
  return { kind: pinned ? 'hosts-file-pin' : 'resolved', addresses: systemList, ...base };
}

function describeError(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  const e = error as NodeJS.ErrnoException;
  return e.code
    ? `${e.code}${e.message && !e.message.includes(e.code) ? ` (${e.message})` : ''}`
    : String(e.message ?? e);
}
