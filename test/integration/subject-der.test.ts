// Our CSR subject must be byte-identical to what `openssl req -new -subj` writes for the same values.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toOpensslSubj, type Subject } from '../../shared/subject.js';
import { cli } from '../helpers/cli.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

/** The subject Name's DER, cut out of a CSR by OpenSSL's own parser (third element of the request info). */
function subjectDer(csrPath: string): Buffer {
  const der = readDer(csrPath);
  const lines = opensslOk(['asn1parse', '-in', csrPath, '-inform', 'PEM'])
    .split('\n')
    .filter((l) => /d=2/.test(l));
  const [, subjectLine] = lines;
  const m = /^\s*(\d+):d=2\s+hl=\s*(\d+)\s+l=\s*(\d+)/.exec(subjectLine)!;
  const offset = Number(m[1]);
  return der.subarray(offset, offset + Number(m[2]) + Number(m[3]));
}

function readDer(csrPath: string): Buffer {
  const out = `${csrPath}.der`;
  opensslOk(['req', '-in', csrPath, '-outform', 'DER', '-out', out]);
  return readFileSync(out);
}

const CASES: Array<{ name: string; subject: Subject; id: string }> = [
  {
    name: 'ASCII values',
    subject: { C: 'FR', ST: 'Ile-de-France', L: 'Paris', O: 'Acme Payments', OU: 'Cards' },
    id: 'MGW_000001',
  },
  {
    name: 'a "/" inside the CN',
    subject: {
      C: 'US',
      ST: 'New York',
      L: 'New York',
      O: 'Acme',
      OU: 'Payments',
      CN: 'TLSMA-ECDSA/MGW_000001-PPR',
    },
    id: 'MGW_000001',
  },
  {
    name: 'non-ASCII text in L and O',
    subject: {
      C: 'DE',
      ST: 'Baden-Württemberg',
      L: 'Zürich-Straße',
      O: 'Société Générale Überweisung',
      OU: 'Zahlungsverkehr',
    },
    id: 'MGW-000007',
  },
  {
    name: 'CJK and accents',
    subject: { C: 'JP', ST: '東京都', L: '千代田区', O: 'Ünïcödé 株式会社', OU: 'Card/Ops' },
    id: 'ISS-000009',
  },
];

describe('CSR subject DER matches openssl req -new -subj', () => {
  for (const [index, c] of CASES.entries()) {
    it(c.name, async () => {
      const key = join(dir, `${index}.key`);
      opensslOk([
        'genpkey',
        '-algorithm',
        'EC',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-out',
        key,
      ]);
      const ours = join(dir, `${index}.ours.csr`);
      const subjectArg = Object.entries(c.subject)
        .map(([k, v]) => `${k}=${v.replace(/,/g, '\\,')}`)
        .join(',');
      const made = await cli([
        'csr',
        '--program',
        'd1-ecom',
        '--env',
        'preprod',
        '--id',
        c.id,
        '--subject',
        subjectArg,
        '--key',
        key,
        '--out',
        ours,
        '--json',
      ]);
      assert.equal(made.code, 0, made.stderr);
      const cn = JSON.parse(made.stdout).commonName as string;
      // OpenSSL 3 defaults (string_mask utf8only); -utf8 so the UTF-8 bytes are read as UTF-8, not Latin-1.
      const theirs = join(dir, `${index}.openssl.csr`);
      const emptyConfig = join(dir, 'empty.cnf');
      writeFileSync(emptyConfig, '[req]\ndistinguished_name = dn\n[dn]\n');
      opensslOk([
        'req',
        '-new',
        '-config',
        emptyConfig,
        '-utf8',
        '-key',
        key,
        '-subj',
        toOpensslSubj({ ...c.subject, CN: cn }),
        '-out',
        theirs,
      ]);
      const a = subjectDer(ours);
      const b = subjectDer(theirs);
      assert.ok(a.length > 20);
      assert.equal(a.toString('hex'), b.toString('hex'));
    });
  }
});
