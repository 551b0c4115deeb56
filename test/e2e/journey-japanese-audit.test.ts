// The audit trail and the service errors in Japanese: on a Japanese system the audit screen says
// its verification, its actions and the words of its entries in Japanese; after the trail file is
// tampered with (an entry edited, the last one cut off, as the attacker of audit-tamper.test.ts
// does) every problem the verification finds is said in Japanese with its entry numbers. A data
// folder that is a file is refused in Japanese too (main's error carries its id and params).
// Screenshots at both sizes in test-artifacts/ja/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { AUDIT_ACTION_WORDS_JA } from '../../shared/audit-words.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { englishLeft } from './japanese.js';
import { pseudoChecker } from './pseudo.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'japanese audit passphrase';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const shot = (page: Page, name: string) => screenshotSizes(page, `ja/${name}`);

/** A vault with keys, onboardings and a wrong passphrase tried once: a trail of many actions. */
async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  const { id } = desk.onboardings.create({
    program: 'tmg-merchant',
    identifier: 'AUDITJA1',
    environment: 'sandbox',
  });
  await desk.identity.generate({ onboardingId: id, algorithm: 'ec-p256', commonName: 'AUDITJA1' });
  desk.onboardings.create({ program: 'tsh-classic', identifier: 'AUDITJA2', environment: 'prod' });
  desk.vault.lock();
  await desk.vault.unlock('not the passphrase').catch(() => undefined);
  await desk.vault.unlock(PASSPHRASE);
}

type Entry = { seq: number; who: string; action: string };

function readLog(dir: string): Entry[] {
  return readFileSync(join(dir, 'audit.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Entry);
}

/** The audit screen as it is now: opened afresh from another screen, so it verifies again. */
async function openAudit(page: Page): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'メイン' });
  await nav.getByRole('button', { name: 'オンボーディング' }).click();
  await nav.getByRole('button', { name: '監査証跡', exact: true }).click();
  await page.getByRole('heading', { name: '監査証跡', level: 1 }).waitFor();
  await page.locator('table.audit tbody tr').first().waitFor();
}

it(
  'the audit trail in Japanese, verified and then tampered with; a data folder error in Japanese',
  { timeout: 120_000 },
  async () => {
    // What the folder dialog will answer: a file, not a folder.
    const notAFolder = join(tempDir(), 'not-a-folder');
    writeFileSync(notAFolder, 'x');
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'ja-JP',
      prepare: fill,
      folderAnswers: [notAFolder],
    });
    const problems: string[] = [];
    const look = async (name: string) => {
      for (const line of await englishLeft(page, 'main'))
        problems.push(`${name}: "${line}" is English`);
      await shot(page, name);
    };
    await page.getByRole('navigation', { name: 'メイン' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');

    // Verified: every action in Japanese words, the entry summaries' words too.
    await openAudit(page);
    await page.getByText(/^検証済み: \d+ 件すべての記録が改ざんされておらず/).waitFor();
    const entries = readLog(desk.dataDir);
    const actions = await page.locator('table.audit tbody tr td:nth-child(4)').allTextContents();
    assert.equal(actions.length, entries.length);
    assert.deepEqual(
      actions,
      entries.map((e) => AUDIT_ACTION_WORDS_JA[e.action as keyof typeof AUDIT_ACTION_WORDS_JA]),
    );
    assert.ok(actions.includes('マスターパスフレーズの誤り: 保管庫はロックされたまま'));
    // The failed unlock's purpose is a word: said in Japanese; the count stays a number.
    await page.getByText('purpose=ロック解除 failures=1').waitFor();
    await look('audit-verified');

    // Tampered: entry 2 edited in place, the last entry cut off (head file and vault name it).
    const lines = readFileSync(join(desk.dataDir, 'audit.log'), 'utf8').trimEnd().split('\n');
    const n = lines.length;
    const second = JSON.parse(lines[1]) as Entry;
    lines[1] = JSON.stringify({ ...second, who: 'mallory' });
    writeFileSync(join(desk.dataDir, 'audit.log'), lines.slice(0, -1).join('\n') + '\n');
    await openAudit(page);
    const status = page.getByRole('status');
    await status.getByText(/^検証に失敗しました: /).waitFor();
    const said = [
      await status.innerText(),
      ...(await page
        .getByRole('list', { name: '見つかったすべての問題' })
        .locator('li')
        .allInnerTexts()),
    ];
    assert.ok(said.length >= 3, said.join('\n'));
    for (const sentence of said) assert.match(sentence, JAPANESE, sentence);
    const all = said.join('\n');
    // Entry 2 edited, named by its action in words; the log ends at n - 1 though n was written.
    assert.match(all, /記録 2 \(.+、.+\) は書き込み後に変更されています/, all);
    assert.ok(
      all.includes(AUDIT_ACTION_WORDS_JA[second.action as keyof typeof AUDIT_ACTION_WORDS_JA]),
      all,
    );
    assert.match(all, new RegExp(`ログは記録 ${n - 1} で終わっていますが`), all);
    assert.match(all, new RegExp(`記録 ${n} `), all);
    // The CLI's English is still what main keeps: only the page says it in Japanese.
    const verification = desk.audit.verify();
    assert.equal(verification.ok, false);
    assert.ok(verification.problems.some((p) => /^entry 2 \(/.test(p.message)));
    await look('audit-tampered');

    // A data folder that is a file: main refuses it, the page says so in Japanese.
    await page
      .getByRole('navigation', { name: 'メイン' })
      .getByRole('button', { name: '設定' })
      .click();
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    await page.getByRole('button', { name: '別のデータフォルダーを選択…' }).click();
    await page
      .getByRole('alert')
      .getByText(`${notAFolder} はフォルダーではなくファイルです。フォルダーを選んでください。`)
      .waitFor();
    await page.getByRole('alert').scrollIntoViewIfNeeded();
    await look('settings-data-folder-error');
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);

it(
  'pseudo-locale: the tampered audit trail shows only catalogue text around main English sentences, and nothing overflows',
  { timeout: 90_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'en-XA',
      prepare: fill,
    });
    const nav = page.getByRole('navigation', { name: /Main/ });
    await nav.waitFor();
    const lines = readFileSync(join(desk.dataDir, 'audit.log'), 'utf8').trimEnd().split('\n');
    const second = JSON.parse(lines[1]) as Entry;
    lines[1] = JSON.stringify({ ...second, who: 'mallory' });
    writeFileSync(join(desk.dataDir, 'audit.log'), lines.slice(0, -1).join('\n') + '\n');
    await nav.getByRole('button', { name: /^⟦Audit trail·+⟧$/ }).click();
    await page.getByRole('heading', { level: 1, name: /^⟦Audit trail·+⟧$/ }).waitFor();
    // Outside ja the problems are main's English sentences (what the CLI prints), inside the message.
    const status = page.getByRole('status');
    await status.getByText(/^⟦Verification failed: entry 2 \(onboarding\.created at /).waitFor();
    assert.ok((await page.locator('ul[aria-label] li').count()) >= 2);
    const { problems, check } = pseudoChecker(page);
    // Each entry is a record (when, who, what, details) and each further problem main's sentence.
    await check('audit-tampered', '#main', ['tbody td:not(:last-child)', 'ul[aria-label] li']);
    assert.deepEqual(problems, []);
    assert.deepEqual(rendererErrors(page), []);
    await page.close();
  },
);
