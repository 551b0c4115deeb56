// The documents main writes for a person, in Japanese: the bundle's CHECKLIST.md for TSH, TMG and
// D1 (every line Japanese, asset and file names as they are, the same bytes for the same inputs,
// English by default and from the CLI unless --language ja), and the HTML connection report of a
// real test against a loopback mTLS server, as Chromium parses it (lang="ja", Japanese headings).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright';
import { CHECKLIST_TEXTS, type ChecklistTexts } from '../../electron/services/bundle-checklist.js';
import type { Desk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { renderReport } from '../../electron/services/probe/report.js';
import { diagnosisIn, fixIn } from '../../shared/i18n/diagnoses.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import { PROBE_WORDS_EN, type ProbeWords } from '../../shared/i18n/probe-words.js';
import { PROBE_STEP_TITLES_JA } from '../../shared/i18n/probe-words.ja.js';
import { PROBE_STEP_TITLES } from '../../shared/ipc-channels.js';
import { evidenceTables } from '../../shared/evidence-tables.js';
import { WIZARD_STEP_TITLES, WIZARD_STEP_TITLES_JA } from '../../shared/wizard-steps.js';
import { launchChromium } from '../e2e/bridge.js';
import { cli, cliProcess } from '../helpers/cli.js';
import { createTestPki, pemOf } from '../helpers/tls-pki.js';
import { identityOf, probe } from '../helpers/tls-probe.js';
import { startNodeTlsServer } from '../helpers/tls-servers.js';
import { tempDir } from '../helpers/tmp.js';
import { catalog, D1_SUBJECT, serverChain, unlockedDesk } from './desk-fixtures.js';

/** Kana, kanji or the Japanese punctuation the translations use. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60\u3000-\u303f]/;

/** Arguments that exercise each branch of a checklist sentence. */
const SAMPLES: { [K in keyof ChecklistTexts]: unknown[] } = {
  title: [{ partial: true, program: 'P', environment: 'E', identifier: 'I' }],
  partialBanner: [],
  stillNeededHeading: [],
  stillNeeded: [
    { asset: 'A', missing: true, step: 'S' },
    { asset: 'A', missing: false, problem: 'p', step: 'S' },
  ],
  onboarding: [
    { id: 'o', commonName: 'cn', algorithm: 'ec-p256', layout: null },
    { id: 'o', commonName: 'cn', algorithm: 'ec-p256', layout: 'unconfirmed' },
  ],
  fingerprint: [{ sha256: 'ab', notAfter: '2030-01-01' }],
  handHeading: [
    { csr: true, environment: 'E' },
    { csr: false, environment: 'E' },
  ],
  upload: [{ asset: 'A', file: 'f', description: 'd' }],
  oauthHeading: [],
  oauthSend: [{ kid: 'k', identifier: 'i' }],
  oauthOtherKid: [{ step: 'S' }],
  oauthConfirmed: [{ date: '2030-01-01' }],
  oauthWhenConfirmed: [{ step: 'S', testStep: 'T' }],
  oauthNoKey: [{ step: 'S' }],
  backHeading: [],
  back: [{ asset: 'A', optional: true, description: 'd', onboarding: 'o', step: 'S' }],
  serverHeading: [],
  server: [{ files: ['a.conf', 'b.cfg'], step: 'S' }],
  portal: [{ name: 'n', url: 'https://x.example/' }],
  thenHeading: [],
  test: [{ step: 'S' }],
  renewal: [{ text: 't' }],
  privateKey: [],
  createdAt: [{ createdAt: '2030-01-01T00:00:00.000Z' }],
};

function sentences(texts: ChecklistTexts): string[] {
  return (Object.keys(SAMPLES) as (keyof ChecklistTexts)[]).flatMap((key) => {
    const value = texts[key];
    return typeof value === 'string'
      ? [value]
      : SAMPLES[key].map((a) => (value as (a: unknown) => string)(a));
  });
}

/** Each line of a Japanese checklist: non-empty lines are Japanese and hold no English sentence. */
function assertJapaneseLines(checklist: string, what: string): void {
  for (const line of checklist.split('\n').filter((l) => l.trim() !== '')) {
    assert.match(line, JAPANESE, `${what}: "${line}" is not Japanese`);
    // What may stay in Latin letters: code spans, URLs, asset names, program and CA names.
    const rest = line
      .replace(/`[^`]*`/g, ' ')
      .replace(/https?:\/\/\S+/g, ' ')
      .replace(/\*\*[A-Z0-9_]+\*\*/g, ' ');
    assert.doesNotMatch(
      rest,
      /\b[a-z]{2,} [a-z]{2,} [a-z]{2,}\b/,
      `${what}: "${line}" carries an English phrase`,
    );
  }
}

describe('every English sentence has its Japanese one', () => {
  it('the checklist: same sentences, each translated', () => {
    const en = sentences(CHECKLIST_TEXTS.en);
    const ja = sentences(CHECKLIST_TEXTS.ja);
    assert.deepEqual(
      Object.keys(CHECKLIST_TEXTS.ja).sort(),
      Object.keys(CHECKLIST_TEXTS.en).sort(),
    );
    assert.equal(ja.length, en.length);
    ja.forEach((text, i) => {
      assert.match(text, JAPANESE, `the Japanese of "${en[i]}"`);
      assert.notEqual(text, en[i]);
    });
  });

  it('the result words, the step names and the wizard step names', () => {
    assert.deepEqual(
      Object.keys(PROBE_STEP_TITLES_JA).sort(),
      Object.keys(PROBE_STEP_TITLES).sort(),
    );
    assert.deepEqual(
      Object.keys(WIZARD_STEP_TITLES_JA).sort(),
      Object.keys(WIZARD_STEP_TITLES).sort(),
    );
    const flat = (value: unknown, path = ''): [string, string][] =>
      typeof value === 'string'
        ? [[path, value]]
        : Object.entries(value as object).flatMap(([k, v]) => flat(v, `${path}.${k}`));
    // The words, not the tables keyed by the probes' English (English says each key as written)
    // nor the templates the Japanese says details from.
    const words = (w: ProbeWords) => {
      const { detailKeys: _keys, checkNames: _checks, texts: _texts, ...rest } = w;
      return rest;
    };
    const en = flat(words(PROBE_WORDS_EN));
    const ja = new Map(flat(words(JAPANESE_TEXTS.probeWords)));
    assert.deepEqual([...ja.keys()].sort(), en.map(([k]) => k).sort());
    assert.deepEqual([PROBE_WORDS_EN.detailKeys, PROBE_WORDS_EN.checkNames], [{}, {}]);
    assert.equal(PROBE_WORDS_EN.texts, null);
    assert.equal(JAPANESE_TEXTS.probeWords.texts?.probeSteps, JAPANESE_TEXTS.probeSteps);
    assert.equal(JAPANESE_TEXTS.probeWords.texts?.findings, JAPANESE_TEXTS.findings);
    for (const [name, said] of Object.entries(JAPANESE_TEXTS.probeWords.checkNames))
      assert.match(said, JAPANESE, name);
    // Names that are the same in both languages: symbols, algorithm and protocol words.
    const same = new Set(['#', 'SHA-256', 'CA', 'OAuth']);
    for (const [key, text] of en)
      if (!same.has(text)) assert.match(ja.get(key)!, JAPANESE, `${key}: "${text}"`);
    for (const title of Object.values(WIZARD_STEP_TITLES_JA))
      assert.ok(JAPANESE.test(title) || title === 'OAuth', title);
  });

  for (const [field, remove] of [
    ['renewalJa', (p: Record<string, any>) => delete p.renewalJa],
    ['assets.0.descriptionJa', (p: Record<string, any>) => delete p.assets[0].descriptionJa],
  ] as const)
    it(`a profile without ${field} fails at load, naming the field`, () => {
      const dir = tempDir();
      const broken = JSON.parse(
        readFileSync(join(catalog.programsDir, 'tsh-classic.json'), 'utf8'),
      );
      remove(broken);
      writeFileSync(join(dir, 'tsh-classic.json'), JSON.stringify(broken));
      assert.throws(
        () => ProgramCatalog.load(dir),
        (e: Error) =>
          e.message.includes('tsh-classic') && e.message.includes(field.split('.').pop()!),
      );
    });

  it('every profile describes each asset and its renewal in Japanese', () => {
    for (const profile of catalog.list()) {
      assert.match(profile.renewalJa, JAPANESE, profile.id);
      for (const asset of profile.assets)
        assert.match(asset.descriptionJa, JAPANESE, `${profile.id} ${asset.name}`);
    }
  });
});

const ENVIRONMENT = { 'tsh-classic': 'preprod', 'tmg-merchant': 'sandbox' } as const;

async function tshLike(desk: Desk, program: 'tsh-classic' | 'tmg-merchant', identifier: string) {
  const o = desk.onboardings.create({ program, identifier, environment: ENVIRONMENT[program] });
  await desk.identity.generate({
    onboardingId: o.id,
    algorithm: 'ec-p256',
    commonName: `${identifier} preprod client`,
  });
  const chain = await serverChain('api.bank.example', 'CN=Bank Issuing CA,O=Bank');
  await desk.assets.import({
    onboardingId: o.id,
    as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
    data: chain.pem,
    source: 'server.pem',
  });
  const host = catalog
    .get(program)
    .assets.find((a) => a.direction === 'to-thales' && a.kind === 'host')!;
  await desk.assets.import({
    onboardingId: o.id,
    as: host.name,
    data: 'api.bank.example/thales/v1',
    source: '--value',
  });
  return o.id;
}

const checklistOf = (zip: string): string =>
  Buffer.from(unzipSync(new Uint8Array(readFileSync(zip)))['CHECKLIST.md']).toString();

describe('CHECKLIST.md in Japanese', () => {
  for (const program of ['tsh-classic', 'tmg-merchant'] as const)
    it(`${program}: every line Japanese, asset names as they are, the same bytes for the same inputs`, async () => {
      const { desk, dataDir, clock } = await unlockedDesk();
      const onboardingId = await tshLike(desk, program, 'JPN01');
      const ja = join(dataDir, 'ja.zip');
      await desk.exports.bundle({ onboardingId, out: ja, language: 'ja' });
      const checklist = checklistOf(ja);
      assertJapaneseLines(checklist, program);
      const profile = catalog.get(program);
      const env = profile.environments.find((e) => e.id === ENVIRONMENT[program])!;
      assert.ok(
        checklist.startsWith(
          `# ${profile.displayName}：JPN01 の${env.displayNameJa}向けバンドル\n`,
        ),
      );
      for (const asset of profile.assets.filter((a) => a.kind !== 'csr'))
        assert.ok(checklist.includes(`**${asset.name}**`), asset.name);
      assert.ok(checklist.includes('`CUSTOMER_TLS_CLIENT_CERTIFICATE.pem` をアップロード'));
      assert.ok(checklist.includes(profile.renewalJa));
      assert.match(checklist, /ステップ 4「テスト」/);
      // Deterministic per language: later, and from the CLI with --language ja.
      clock.advance(3_600_000);
      const again = join(dataDir, 'ja-again.zip');
      await desk.exports.bundle({ onboardingId, out: again, language: 'ja' });
      assert.deepEqual(readFileSync(again), readFileSync(ja));
      const fromCli = join(dataDir, 'ja-cli.zip');
      const proc = cliProcess(
        ['bundle', '--onboarding', onboardingId, '--language', 'ja', '--out', fromCli],
        { MTLS_DESK_DATA_DIR: dataDir, TZ: 'Asia/Tokyo' },
      );
      assert.equal(proc.code, 0, proc.stderr);
      assert.deepEqual(readFileSync(fromCli), readFileSync(ja));
      // English stays the default, for the app's call without a language and for the CLI.
      const en = join(dataDir, 'en.zip');
      const enCli = join(dataDir, 'en-cli.zip');
      await desk.exports.bundle({ onboardingId, out: en });
      assert.equal(
        cliProcess(['bundle', '--onboarding', onboardingId, '--out', enCli], {
          MTLS_DESK_DATA_DIR: dataDir,
        }).code,
        0,
      );
      assert.deepEqual(readFileSync(enCli), readFileSync(en));
      assert.doesNotMatch(checklistOf(en), JAPANESE);
      assert.ok(
        checklistOf(en).startsWith(
          `# ${profile.displayName}: ${env.displayName} bundle for JPN01\n`,
        ),
      );
      // Only the checklist (and the manifest's hash of it) differ between the languages.
      const enFiles = unzipSync(new Uint8Array(readFileSync(en)));
      const jaFiles = unzipSync(new Uint8Array(readFileSync(ja)));
      assert.deepEqual(Object.keys(jaFiles).sort(), Object.keys(enFiles).sort());
      for (const name of Object.keys(enFiles).filter(
        (n) => !['CHECKLIST.md', 'manifest.json'].includes(n),
      ))
        assert.deepEqual(jaFiles[name], enFiles[name], name);
    });

  it('D1: the CSR to the representative, the OAuth key still to make, every line Japanese', async () => {
    const { desk, dataDir } = await unlockedDesk();
    const o = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_00000J',
      environment: 'prod',
    });
    await desk.identity.generate({ onboardingId: o.id, algorithm: 'ec-p256', subject: D1_SUBJECT });
    const chain = await serverChain('gw.merchant.example', 'CN=Merchant CA,O=Merchant');
    await desk.assets.import({
      onboardingId: o.id,
      as: 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
      data: chain.pem,
      source: 'server.pem',
    });
    await desk.assets.import({
      onboardingId: o.id,
      as: 'ISSUER_HOST',
      data: 'gw.merchant.example/d1',
      source: '--value',
    });
    const out = join(dataDir, 'd1-ja.zip');
    await desk.exports.bundle({ onboardingId: o.id, out, language: 'ja' });
    const checklist = checklistOf(out);
    assertJapaneseLines(checklist, 'd1-ecom');
    assert.match(checklist, /^## Thales に渡すもの（オンボーディング中に Thales の担当者へ）$/m);
    assert.match(checklist, /\*\*CUSTOMER_CSR\*\*：`CUSTOMER_CSR\.pem` をアップロード/);
    assert.match(
      checklist,
      /\*\*THALES_SIGNED_CLIENT_CERTIFICATE\*\*：.* mTLS Desk のオンボーディング `d1-ecom\/MGW_00000J\/prod` のステップ 2「Thales 署名済みの証明書」で入力してください。/,
    );
    assert.match(checklist, /mTLS Desk のステップ 3「OAuth」で作成し/);
    // Partial, in Japanese too: the banner and what is still needed.
    const partial = join(dataDir, 'd1-ja-PARTIAL.zip');
    const p = desk.onboardings.create({
      program: 'd1-ecom',
      identifier: 'MGW_00000K',
      environment: 'prod',
    });
    await desk.identity.generate({ onboardingId: p.id, algorithm: 'ec-p256', subject: D1_SUBJECT });
    await desk.exports.bundle({ onboardingId: p.id, out: partial, partial: true, language: 'ja' });
    const early = checklistOf(partial);
    assertJapaneseLines(early, 'd1-ecom partial');
    assert.match(early, /^# 【部分】D1 eCom Enablement：MGW_00000K の/);
    assert.match(
      early,
      /\*\*ISSUER_HOST\*\*：まだありません。mTLS Desk のステップ 5「自社サーバー」で完成させてください。/,
    );
  });

  it('the CLI refuses a language it does not have, in one sentence', async () => {
    const { dataDir } = await unlockedDesk();
    const r = await cli(
      ['bundle', '--onboarding', 'x/y/z', '--language', 'fr', '--out', join(dataDir, 'b.zip')],
      {
        MTLS_DESK_DATA_DIR: dataDir,
      },
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--language "fr" is not a language of the checklist: give en or ja/);
  });
});

describe('the connection report in Japanese', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('a real failed test against a loopback mTLS server: HTML Chromium parses, lang="ja", Japanese words', async () => {
    const pki = await createTestPki();
    const server = await startNodeTlsServer({
      cert: pemOf(pki.server, pki.digicertCa),
      key: pki.server.keyPem,
      ca: pki.clientCa.certPem,
      requestCert: true,
      rejectUnauthorized: true,
      host: '127.0.0.1',
    });
    try {
      const result = await probe(`https://localhost:${server.port}/`, {
        identity: await identityOf(tempDir(), pki.foreignClient),
        trustPem: [pki.root.certPem],
      });
      assert.equal(result.diagnosis.id, 'client-cert-not-trusted');
      const html = renderReport(result, 'tester', 'ja');
      const page = await browser.newPage();
      try {
        await page.setContent(html);
        const read = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          title: document.title,
          h1: document.querySelector('h1')?.textContent ?? '',
          h2: [...document.querySelectorAll('h2')].map((h) => h.textContent ?? ''),
          heads: [...document.querySelectorAll('table:first-of-type tr:first-child th')].map(
            (h) => h.textContent ?? '',
          ),
          firstCells: [...document.querySelectorAll('h2 + table tr td:first-child')].map(
            (td) => td.textContent ?? '',
          ),
          verdict: document.querySelector('.verdict')?.textContent ?? '',
          summary: document.querySelector('details summary')?.textContent ?? '',
          tables: document.querySelectorAll('table[data-table]').length,
          scripts: document.querySelectorAll('script').length,
        }));
        assert.equal(read.lang, 'ja');
        assert.equal(read.title, `インバウンド相互TLSテスト：https://localhost:${server.port}/`);
        assert.equal(read.h1, read.title);
        assert.equal(read.h2[0], 'ステップ');
        assert.deepEqual(read.heads, ['ステップ', '状態', 'ms', 'タイミング', '確認された内容']);
        assert.deepEqual(
          read.firstCells.slice(0, result.steps.length),
          result.steps.map((s) => PROBE_STEP_TITLES_JA[s.name]),
        );
        const words = JAPANESE_TEXTS.probeWords;
        const tables = evidenceTables(result, words);
        assert.equal(read.tables, tables.length);
        assert.deepEqual(
          read.h2.slice(1),
          tables.map((t) => t.title),
        );
        assert.ok(read.h2.includes('TLS 接続'));
        const diagnosis = diagnosisIn(JAPANESE_TEXTS, 'client-cert-not-trusted');
        assert.ok(read.verdict.startsWith(`不合格: ${diagnosis.title}`), read.verdict);
        assert.ok(read.verdict.includes(diagnosis.cause));
        assert.ok(
          read.verdict.includes(
            `対処方法： ${fixIn(JAPANESE_TEXTS, 'client-cert-not-trusted', 'tester', 'inbound')}`,
          ),
        );
        assert.ok(read.verdict.includes(words.highlightAccepted));
        assert.equal(read.summary, '生データ');
        assert.equal(read.scripts, 0);
        // The English report of the same result has none of it.
        assert.doesNotMatch(renderReport(result, 'tester'), JAPANESE);
        assert.match(renderReport(result, 'tester'), /<html lang="en">/);
      } finally {
        await page.close();
      }
    } finally {
      await server.close();
    }
  });
});
