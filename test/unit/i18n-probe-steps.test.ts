// A connection test's sentences in Japanese: each step and check carries, beside its English
// summary, a summaryText {id, params}, built by probeText() (shared/i18n/probe-steps.ts), and the
// Japanese template of that id (probe-steps.ja.json) uses exactly those params. The sites are read
// from the sources with the TypeScript compiler: every probeText call in shared/ and electron/
// (not the CLI, which stays English), with the keys of its params and, where a param is a literal,
// its value (a select then takes that branch). Real results are said in Japanese, and in English
// word for word as main wrote them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';
import {
  JAPANESE,
  literals,
  paramSets,
  sources,
  type ParamValues,
  type Site,
} from '../helpers/source-sites.js';
import {
  probeSentence,
  probeText,
  probeTextJa,
  quotedFinding,
  type ProbeText,
} from '../../shared/i18n/probe-steps.js';
import { classifyTlsFailure, classifyVerifyError } from '../../electron/services/probe/classify.js';
import { detailName, PROBE_WORDS_EN, probePhase } from '../../shared/i18n/probe-words.js';
import { PROBE_DETAIL_KEYS_JA } from '../../shared/i18n/probe-words.ja.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';

const PROBE_STEPS_JA = JAPANESE_TEXTS.probeSteps;
import { PROBE_STEP_TITLES } from '../../shared/ipc-channels.js';
import { evidenceTables, flattenDetails } from '../../shared/evidence-tables.js';
import { diagnosisText, type InboundProbeResult } from '../../shared/diagnoses.js';

/** Every probeText(id, params) call of a file, and every step sentence without its data. */
function sitesIn(file: string, source: string): { sites: Site[]; bare: string[] } {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const sites: Site[] = [];
  const bare: string[] = [];
  const line = (node: ts.Node) => tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      node.expression.getText() === 'probeText' &&
      node.arguments.length > 0
    ) {
      const where = `${file}:${line(node)}`;
      const ids = literals(node.arguments[0]);
      assert.ok(ids, `${where}: the id is a literal (or a choice of literals)`);
      sites.push({ where, ids, params: paramSets(node.arguments[1], where) });
    }
    // A step's or check's English sentence (beside its status) goes with its data.
    if (ts.isObjectLiteralExpression(node)) {
      const names = node.properties.map((p) => p.name?.getText());
      if (names.includes('summary') && names.includes('status') && !names.includes('summaryText'))
        bare.push(`${file}:${line(node)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return { sites, bare };
}

/** The arguments a template uses when filled with these values (a known select value picks its branch). */
function argumentsUsed(template: string, values: Record<string, string | null>): Set<string> {
  const used = new Set<string>();
  const walk = (elements: MessageFormatElement[]): void => {
    for (const e of elements) {
      if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
      if (e.type === TYPE.tag) {
        walk(e.children);
        continue;
      }
      used.add(e.value);
      if (e.type === TYPE.select) {
        const value = values[e.value];
        if (value !== null && value !== undefined)
          walk((e.options[value] ?? e.options.other).value);
        else for (const option of Object.values(e.options)) walk(option.value);
      } else if (e.type === TYPE.plural) {
        for (const option of Object.values(e.options)) walk(option.value);
      }
    }
  };
  walk(parse(template));
  return used;
}

function combinations(params: ParamValues): Record<string, string | null>[] {
  let all: Record<string, string | null>[] = [{}];
  for (const [key, values] of Object.entries(params))
    all = all.flatMap((c) => (values ?? [null]).map((v) => ({ ...c, [key]: v })));
  return all;
}

/** What is wrong between the sites and the templates (empty when each site fits its template). */
function mismatches(sites: Site[]): string[] {
  const problems: string[] = [];
  for (const site of sites)
    for (const id of site.ids) {
      if (!Object.hasOwn(PROBE_STEPS_JA, id)) {
        problems.push(`${site.where}: ${id} has no Japanese template`);
        continue;
      }
      const template = PROBE_STEPS_JA[id as keyof typeof PROBE_STEPS_JA];
      for (const params of site.params)
        for (const values of combinations(params)) {
          const used = [...argumentsUsed(template, values)].sort();
          const given = Object.keys(params).sort();
          if (JSON.stringify(used) !== JSON.stringify(given))
            problems.push(
              `${site.where}: ${id} ${JSON.stringify(values)} gives {${given.join(', ')}} but its template uses {${used.join(', ')}}`,
            );
        }
    }
  return problems;
}

const files = [...sources('shared'), ...sources('electron')].filter(
  (f) => !f.startsWith(join('electron', 'cli')),
);
const found = files.map((f) => sitesIn(f, readFileSync(f, 'utf8')));
const sites = found.flatMap((s) => s.sites);
const producers = found.filter((_, i) =>
  /electron[/\\]services[/\\](probe|oauth)[/\\]/.test(files[i]),
);

describe('connection test sentences in Japanese', () => {
  it('every sentence a probe step or check writes has a Japanese template using exactly its params', () => {
    const ids = new Set(sites.flatMap((s) => s.ids));
    assert.ok(ids.size >= 140, `found ${ids.size} sentence ids`);
    assert.deepEqual(mismatches(sites), []);
  });

  it('has no template for an id nothing says', () => {
    const ids = new Set(sites.flatMap((s) => s.ids));
    assert.deepEqual(
      Object.keys(PROBE_STEPS_JA).filter((id) => !ids.has(id)),
      [],
    );
  });

  it('every step and check sentence of the probes goes with its data (summary beside summaryText)', () => {
    assert.ok(producers.flatMap((p) => p.sites).length >= 100);
    assert.deepEqual(
      producers.flatMap((p) => p.bare),
      [],
    );
  });

  it('catches a missing template, a param the template lacks and one it uses but is not given', () => {
    const snippet = [
      `const a = probeText('inbound.tcp.connected', { address, port });`,
      `const b = probeText('inbound.tcp.connected', { address });`,
      `const c = probeText('inbound.tcp.connected', { address, port, extra });`,
      `const d = probeText('no-such-sentence');`,
      `const e = probeText('inbound.tls.done', { protocol, cipher, count, asked: x ? 'yes' : 'no' });`,
      `const f = probeText('inbound.http.authorization', { status, oauth: 'none', program });`,
      `const g = { status: 'pass', summary: 'English only' };`,
    ].join('\n');
    const { sites: synthetic, bare } = sitesIn('synthetic.ts', snippet);
    assert.deepEqual(
      mismatches(synthetic).map((p) => p.split(':')[1]),
      ['2', '3', '4', '6'],
    );
    assert.deepEqual(bare, ['synthetic.ts:7']);
  });

  it('every template is well-formed ICU and says something in Japanese', () => {
    for (const [id, template] of Object.entries(PROBE_STEPS_JA)) {
      const values = Object.fromEntries([...argumentsUsed(template, {})].map((a) => [a, `«${a}»`]));
      const text = probeTextJa(JAPANESE_TEXTS, { id: id as ProbeText['id'], params: values });
      assert.ok(text, id);
      assert.match(text, JAPANESE, id);
      assert.doesNotMatch(text, /[{}]/, id);
    }
  });

  it('says a classified TLS failure in Japanese, nested texts and lists included, and in English as main wrote it', () => {
    const c = classifyTlsFailure({
      alert: 48,
      bytesReceived: 300,
      firstByte: 0x16,
      lastServerMessage: 'ServerHelloDone',
      serverVersion: 'TLSv1.2',
      afterHandshake: false,
      timedOut: false,
      clientCertificateGiven: true,
      clientCertificateSent: true,
      certificateRequested: true,
      acceptableCaCount: 3,
      clientIssuerListed: false,
      clientCertificateExpired: false,
    });
    assert.equal(c.id, 'client-cert-not-trusted');
    const step = probeText('inbound.http.no-answer', { reason: c.reasonText });
    const ja = probeSentence(`no HTTP answer: ${c.reason}`, step, JAPANESE_TEXTS);
    assert.match(ja, JAPANESE);
    assert.match(ja, /アラート 48（unknown_ca）/);
    assert.match(ja, /3 件/);
    assert.equal(
      probeSentence(`no HTTP answer: ${c.reason}`, step, null),
      `no HTTP answer: ${c.reason}`,
    );

    const unexplained = classifyTlsFailure({
      bytesReceived: 12,
      firstByte: 0x16,
      lastServerMessage: 'ServerHello',
      serverVersion: 'TLSv1.3',
      afterHandshake: false,
      timedOut: false,
      clientCertificateGiven: false,
      clientCertificateSent: false,
      certificateRequested: false,
      clientCertificateExpired: false,
    });
    assert.equal(unexplained.id, 'tls-handshake-failed');
    const said = probeTextJa(JAPANESE_TEXTS, unexplained.reasonText)!;
    assert.match(
      said,
      /最後のサーバーメッセージ ServerHello（TLSv1\.3）、アラートなし、受信 12 バイト/,
    );
    assert.doesNotMatch(said, /[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}/, said);
  });

  it('says a verification failure and a quoted finding in Japanese', () => {
    const v = classifyVerifyError('CERT_HAS_EXPIRED', true, false);
    assert.equal(probeTextJa(JAPANESE_TEXTS, v.reasonText), '検証結果は CERT_HAS_EXPIRED です');
    const quoted = probeTextJa(
      JAPANESE_TEXTS,
      probeText('chain.misordered', {
        finding: quotedFinding({ id: 'no-such-finding', params: {} }),
      }),
    );
    assert.equal(quoted, null, 'a finding without a template leaves the sentence in English');
    assert.equal(
      probeSentence('English', undefined, JAPANESE_TEXTS),
      'English',
      'an old result without data',
    );
  });

  it('says a certificate’s validity as Japanese dates, as node and the CLI write them; other text as is', () => {
    const said = probeTextJa(
      JAPANESE_TEXTS,
      probeText('inbound.identity.outside-validity', {
        from: 'Nov 29 10:00:00 2026 GMT',
        to: '2027-01-05T03:04:05.000Z',
      }),
    );
    assert.equal(
      said,
      'クライアント証明書の有効期間は 2026年11月29日 10:00 UTC から 2027年1月5日 3:04 UTC までです',
    );
    const kept = probeTextJa(
      JAPANESE_TEXTS,
      probeText('inbound.identity.outside-validity', { from: 'not a date', to: '2027-01-05' }),
    );
    assert.equal(kept, 'クライアント証明書の有効期間は not a date から 2027-01-05 までです');
  });
});

describe('connection test evidence keys and progress in Japanese', () => {
  it('says the probes’ one-word results as words in Japanese; codes and English as written', () => {
    const attempts = {
      attempts: [
        { address: '127.0.0.1', result: 'refused' },
        { address: '::1', result: 'ECONNRESET' },
        { address: '127.0.0.2', result: 'connected' },
      ],
    };
    const ja = flattenDetails(attempts, '', [], JAPANESE_TEXTS.probeWords).map(([, v]) => v);
    assert.deepEqual(ja, ['127.0.0.1', '拒否', '::1', 'ECONNRESET', '127.0.0.2', '接続済み']);
    const en = flattenDetails(attempts, '', [], PROBE_WORDS_EN).map(([, v]) => v);
    assert.deepEqual(en, ['127.0.0.1', 'refused', '::1', 'ECONNRESET', '127.0.0.2', 'connected']);
  });

  it('names every detail key the probes write, in Japanese; English keeps the key', () => {
    const keys = new Set<string>();
    for (const f of files.filter((f) => /electron[/\\]services[/\\](probe|oauth)[/\\]/.test(f))) {
      const tree = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const collect = (node: ts.Node): void => {
        if (ts.isObjectLiteralExpression(node))
          for (const p of node.properties)
            if (
              (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
              !p.name.getText().endsWith('Text')
            ) {
              keys.add(p.name.getText().replace(/^'|'$/g, ''));
              if (ts.isPropertyAssignment(p)) collect(p.initializer);
            }
        ts.forEachChild(node, collect);
      };
      const visit = (node: ts.Node): void => {
        if (ts.isPropertyAssignment(node) && node.name.getText() === 'details') {
          collect(node.initializer);
          return;
        }
        if (
          ts.isVariableDeclaration(node) &&
          node.name.getText() === 'details' &&
          node.initializer
        ) {
          collect(node.initializer);
          return;
        }
        if (
          ts.isBinaryExpression(node) &&
          /^details\.\w+$/.test(node.left.getText()) &&
          !node.left.getText().endsWith('Text') &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken
        )
          keys.add(node.left.getText().slice('details.'.length));
        ts.forEachChild(node, visit);
      };
      visit(tree);
    }
    assert.ok(keys.size >= 30, `found ${keys.size} detail keys`);
    const missing = [...keys].filter((k) => !Object.hasOwn(PROBE_DETAIL_KEYS_JA, k));
    assert.deepEqual(missing, []);
    for (const [key, word] of Object.entries(PROBE_DETAIL_KEYS_JA)) {
      assert.match(word, JAPANESE, key);
      assert.equal(detailName(PROBE_WORDS_EN, key), key);
    }
    assert.equal(
      detailName(JAPANESE_TEXTS.probeWords, 'attempts › 1 › address'),
      'TCP 接続の試行 › 1 › アドレス',
    );
  });

  it('says the checks a step lists, and their details, in Japanese; English tables as they were', () => {
    const result: InboundProbeResult = {
      kind: 'inbound',
      ok: true,
      target: { url: 'https://h.example/', host: 'h.example', port: 443, path: '/' },
      startedAt: '2026-11-29T00:00:00.000Z',
      totalMs: 1,
      diagnosis: diagnosisText('ok'),
      evidence: { tls: null },
      steps: [
        {
          name: 'verify',
          status: 'pass',
          startMs: 0,
          ms: 1,
          summary: 'English',
          summaryText: probeText('inbound.verify.trusted'),
          details: {
            checks: [
              {
                check: 'validity',
                ok: true,
                detail: 'every certificate is within its validity period',
                detailText: probeText('check.validity-ok'),
              },
            ],
            trustSource: 'chain',
          },
        },
      ],
    };
    const [en] = evidenceTables(result, PROBE_WORDS_EN);
    assert.deepEqual(en.rows, [
      ['checks › 1 › check', 'validity'],
      ['checks › 1 › ok', 'yes'],
      ['checks › 1 › detail', 'every certificate is within its validity period'],
      ['trustSource', 'chain'],
    ]);
    const [ja] = evidenceTables(result, JAPANESE_TEXTS.probeWords);
    assert.deepEqual(ja.rows, [
      ['チェック項目 › 1 › チェック', '有効期間'],
      ['チェック項目 › 1 › 結果', 'はい'],
      ['チェック項目 › 1 › 詳細', 'すべての証明書が有効期間内です'],
      ['信頼の設定', 'chain'],
    ]);
  });

  it('says the progress of a test in the step names of each language; English as before', () => {
    for (const step of Object.keys(PROBE_STEP_TITLES)) {
      assert.equal(
        probePhase(PROBE_WORDS_EN, { step, status: 'running' }),
        PROBE_STEP_TITLES[step],
      );
      assert.equal(
        probePhase(PROBE_WORDS_EN, { step, status: 'fail', ms: 3 }),
        `${PROBE_STEP_TITLES[step]}: fail`,
      );
      const ja = probePhase(JAPANESE_TEXTS.probeWords, { step, status: 'pass', ms: 3 });
      assert.match(ja, JAPANESE, step);
      assert.doesNotMatch(ja, /pass/);
    }
  });
});
