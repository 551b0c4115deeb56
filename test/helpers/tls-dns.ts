// A tiny DNS responder on 127.0.0.1 (random UDP port) for the name-resolution tests: it answers A
// and AAAA queries from a table, NXDOMAIN otherwise. The probe reaches it through an injected
// resolver, so no test ever asks the system resolver about a failing name.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { isIP } from 'node:net';
import { after } from 'node:test';
import { dnsThroughServer, type DnsDependencies } from '../../electron/services/probe/dns.js';

export interface DnsZone {
  [name: string]: Array<{ address: string; ttl: number }>;
}

function encodeAddress(address: string): Buffer {
  if (isIP(address) === 4) return Buffer.from(address.split('.').map(Number));
  const [head, tail = ''] = address.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':'));
  const groups = [
    ...parts(head),
    ...Array(8 - parts(head).length - parts(tail).length).fill('0'),
    ...parts(tail),
  ];
  return Buffer.from(
    groups.flatMap((g) => {
      const n = parseInt(g, 16);
      return [n >> 8, n & 0xff];
    }),
  );
}

export async function startDnsResponder(
  zone: DnsZone,
): Promise<{ server: string; queries: string[] }> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (query, peer) => {
    if (query.length < 12) return;
    let offset = 12;
    const labels: string[] = [];
    while (offset < query.length && query[offset] !== 0 && labels.length < 64) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]).toString('latin1'));
      offset += 1 + query[offset];
    }
    const question = query.subarray(12, offset + 5);
    const type = query.readUInt16BE(offset + 1);
    const name = labels.join('.').toLowerCase();
    queries.push(`${name}/${type === 28 ? 'AAAA' : type === 1 ? 'A' : type}`);
    const records = (zone[name] ?? []).filter(
      (r) => isIP(r.address) === (type === 28 ? 6 : type === 1 ? 4 : 0),
    );
    const exists = name in zone;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | (exists ? 0 : 3), 2); // response, recursion available, NOERROR or NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    const answers = records.map((r) => {
      const data = encodeAddress(r.address);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      fixed.writeUInt16BE(type, 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(r.ttl, 6);
      fixed.writeUInt16BE(data.length, 10);
      return Buffer.concat([fixed, data]);
    });
    socket.send(Buffer.concat([header, question, ...answers]), peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  after(() => socket.close());
  return { server: `127.0.0.1:${socket.address().port}`, queries };
}

/** The test servers' names, all on loopback. */
export const LOOPBACK_ZONE: DnsZone = {
  localhost: [
    { address: '127.0.0.1', ttl: 60 },
    { address: '::1', ttl: 90 },
  ],
  'api.thales.test': [{ address: '127.0.0.1', ttl: 300 }],
};

/** Name resolution for the tests: a responder on 127.0.0.1 and a lookup through it (no hosts file). */
export async function loopbackDns(
  zone: DnsZone = LOOPBACK_ZONE,
): Promise<DnsDependencies & { server: string }> {
  const { server } = await startDnsResponder(zone);
  return { ...dnsThroughServer(server), server };
}
