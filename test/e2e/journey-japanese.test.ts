// The app in Japanese: a Japanese system opens it in Japanese at first start; on an English system
// Settings switches it to 日本語 at once, kept in main across a restart. The screens converted so
// far (navigation, unlock, settings, vault, audit trail, tokens, the expiry timeline and the
// diagnosis of a connection test) read in Japanese, dates in Japanese; screenshots in
// test-artifacts/ja/. A CSR made with Japanese subject values (O=株式会社…) prints back unchanged
// through `openssl req -noout -subject -nameopt utf8`.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { opensslOk } from '../helpers/openssl.js';
import { tempDir } from '../helpers/tmp.js';
import { ARTIFACTS, invoke, launchChromium, openDeskApp, rendererErrors } from './bridge.js';
import { screenshotSizes } from './screens.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(join(ARTIFACTS, 'ja'), { recursive: true });
});
after(() => browser?.close());

const PASSPHRASE = 'japanese journey passphrase';
const shot = (page: Page, name: string) => screenshotSizes(page, `ja/${name}`);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(check(), what);
}

it('a Japanese system opens the app in Japanese at first start', { timeout: 60_000 }, async () => {
  const { page, desk } = await openDeskApp(browser, {
    dataDir: tempDir(),
    outDir: tempDir(),
    locale: 'ja-JP',
  });
  await page.getByRole('heading', { name: '保管庫を作成' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
  await page.getByLabel('マスターパスフレーズ').fill(PASSPHRASE);
  await page.getByText('強度:').waitFor();
  await page.getByLabel('パスフレーズをもう一度').fill(PASSPHRASE);
  await shot(page, 'create-vault');
  await page.getByRole('button', { name: '保管庫を作成' }).click();
  await page.getByRole('navigation', { name: 'メイン' }).waitFor();
  assert.equal(desk.vault.status().unlocked, true);
  // Nothing was chosen: the settings still say "system".
  assert.equal(desk.settings.get().language, undefined);
  assert.deepEqual(rendererErrors(page), []);
  await page.close();
});

async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  for (const [identifier, days] of [
    ['JA0001', 40],
    ['JA0002', 300],
  ] as const) {
    const { id } = desk.onboardings.create({
      program: 'tmg-merchant',
      identifier,
      environment: 'sandbox',
    });
    await desk.identity.generate({
      onboardingId: id,
      algorithm: 'ec-p256',
      commonName: `${identifier}-CN`,
      days,
    });
  }
  desk.onboardings.create({ program: 'd1-ecom', identifier: 'MGW_JA0001', environment: 'preprod' });
}

it(
  'switched to 日本語 in Settings: the converted screens in Japanese, kept after a restart; a CSR with Japanese subject values',
  { timeout: 150_000 },
  async () => {
    const { page, desk } = await openDeskApp(browser, {
      dataDir: tempDir(),
      outDir: tempDir(),
      locale: 'en-US',
      prepare: fill,
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    const language = page.getByLabel('Language');
    assert.equal(await language.inputValue(), 'system');
    assert.equal(
      await language.locator('option[value="system"]').textContent(),
      'System (English)',
    );
    await language.selectOption('ja');
    await page.getByRole('heading', { name: '設定', level: 1 }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ja');
    await until(() => desk.settings.get().language === 'ja', 'the language is kept in main');
    const nav = page.getByRole('navigation', { name: 'メイン' });
    await page.getByRole('spinbutton', { name: '最初の警告' }).waitFor();
    await page.getByRole('radio', { name: 'ダーク' }).waitFor();
    await shot(page, 'settings');
    // Main refuses a language it does not know.
    const bad = await invoke(page, 'settings.update', { language: 'fr' });
    assert.equal(bad.error.code, 'bad-request');

    // Home: the expiry timeline in Japanese, months as Japanese dates.
    await nav.getByRole('button', { name: 'オンボーディング' }).click();
    const timeline = page.getByRole('group', { name: '有効期限のタイムライン' });
    await timeline.waitFor();
    await page.getByText(/合計 2 件、期限切れと今後 \d+ か月/).waitFor();
    await timeline.getByRole('button', { name: /^期限切れ: 0 件のオンボーディング$/ }).waitFor();
    assert.match(
      (await timeline.locator('.tick').allTextContents()).join(' '),
      /\d{4}年\d{1,2}月/,
      'month ticks are Japanese dates',
    );
    await timeline.getByText('今日').waitFor();
    await shot(page, 'home');

    for (const [button, heading, name] of [
      ['保管庫', '保管庫', 'vault'],
      ['監査証跡', '監査証跡', 'audit'],
      ['トークン', 'トークン', 'tokens'],
    ] as const) {
      await nav.getByRole('button', { name: button, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await shot(page, name);
    }
    await nav.getByRole('button', { name: '監査証跡' }).click();
    await page.getByText(/^検証済み: \d+ 件すべての記録が改ざんされておらず/).waitFor();

    // A connection test that is refused: its diagnosis and fix in Japanese.
    const onboarding = desk.onboardings.list().find((o) => o.identifier === 'JA0001')!;
    const refused = await invoke(page, 'test.inbound', {
      onboardingId: onboarding.id,
      operationId: randomUUID(),
      url: `https://127.0.0.1:${await closedPort()}/`,
    });
    assert.equal(refused.ok, true, JSON.stringify(refused.error));
    await nav.getByRole('button', { name: 'オンボーディング' }).click();
    await page.getByRole('button', { name: 'JA0001', exact: true }).click();
    await page.getByRole('navigation', { name: 'オンボーディングのステップ' }).waitFor();
    await page
      .getByRole('navigation', { name: 'オンボーディングのステップ' })
      .getByRole('button', { name: /^4\./ })
      .click();
    const diagnosis = page.locator('[data-diagnosis="tcp-refused"]');
    assert.match(await diagnosis.innerText(), /^接続が拒否されました。 アドレスは応答しましたが/);
    await page.getByText('ポート番号を確認してください。').waitFor();
    await shot(page, 'wizard-test');

    // A CSR with Japanese subject values, through the channel the wizard's identity step calls.
    const d1 = desk.onboardings.list().find((o) => o.identifier === 'MGW_JA0001')!;
    const subject = {
      C: 'JP',
      ST: '東京都',
      L: '千代田区',
      O: '株式会社テスト決済',
      OU: 'トークン化推進部',
    };
    const made = await invoke(page, 'identity.generate', {
      onboardingId: d1.id,
      operationId: randomUUID(),
      algorithm: 'ec-p256',
      subject,
    });
    assert.equal(made.ok, true, JSON.stringify(made.error));
    const identity = (made.value as { identity: { kind: string; pem: string; commonName: string } })
      .identity;
    assert.equal(identity.kind, 'csr');
    const file = join(tempDir(), 'ja.csr');
    writeFileSync(file, identity.pem);
    const printed = opensslOk(['req', '-in', file, '-noout', '-subject', '-nameopt', 'utf8']);
    assert.equal(
      printed.trim(),
      `subject=C=JP, ST=東京都, L=千代田区, O=株式会社テスト決済, OU=トークン化推進部, CN=${identity.commonName}`,
    );
    assert.match(identity.commonName, /^TLSMA-ECDSA\/.*MGW_JA0001/);
    opensslOk(['req', '-in', file, '-noout', '-verify']);

    // The unlock screen in Japanese, and the choice kept for the next start on an English system.
    await nav.getByRole('button', { name: '保管庫をロック' }).click();
    await page.getByRole('heading', { name: '保管庫のロックを解除' }).waitFor();
    await shot(page, 'unlock');
    assert.deepEqual(rendererErrors(page), []);
    const dataDir = desk.dataDir;
    await page.close();

    const again = await openDeskApp(browser, { dataDir, outDir: tempDir(), locale: 'en-US' });
    await again.page.getByRole('heading', { name: '保管庫のロックを解除' }).waitFor();
    await again.page.getByLabel('マスターパスフレーズ').fill(PASSPHRASE);
    await again.page.getByRole('button', { name: 'ロック解除' }).click();
    await again.page.getByRole('navigation', { name: 'メイン' }).waitFor();
    // Back to English by choice.
    await again.page.getByRole('button', { name: '設定' }).click();
    await again.page.getByLabel('言語').selectOption('en');
    await again.page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await until(() => again.desk.settings.get().language === 'en', 'English is kept');
    assert.deepEqual(rendererErrors(again.page), []);
    await again.page.close();
  },
);
