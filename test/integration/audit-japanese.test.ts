// The audit verification's problems said in Japanese: each problem the verification finds carries
// its text as data (an id of shared/i18n/errors.ja.json and its params), and the app says it from
// the Japanese template. The trail is tampered with as the attacker of audit-tamper.test.ts does;
// the English sentence (what the CLI prints) stays as it was.
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { errorTemplateJa } from '../../shared/i18n/errors.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import { loadJapanese } from '../../renderer/i18n/index.js';
import { errorText } from '../../renderer/components/data-text.js';
import { tempDir } from '../helpers/tmp.js';
import { readLog, rechain, writeLog } from '../helpers/audit-log.js';
import { newDesk, unlockedDesk, VAULT_PASSPHRASE } from './desk-fixtures.js';

// The app says data in Japanese once its Japanese chunk has loaded (renderer/i18n/index.tsx).
before(() => loadJapanese());

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

async function verifyUnlocked(dir: string) {
  const { desk } = newDesk(dir);
  await desk.vault.unlock(VAULT_PASSPHRASE);
  const result = desk.audit.verify();
  desk.close();
  return result;
}

describe('audit verification problems in Japanese', () => {
  it('every problem of a tampered trail has a Japanese template filled with its numbers', async () => {
    const { desk, dataDir } = await unlockedDesk();
    desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'AUDITJA',
      environment: 'preprod',
    });
    desk.onboardings.create({
      program: 'tmg-merchant',
      identifier: 'AUDITJA2',
      environment: 'sandbox',
    });
    desk.onboardings.create({
      program: 'tsh-classic',
      identifier: 'AUDITJA3',
      environment: 'prod',
    });
    desk.close();
    const original = readLog(dataDir);
    const n = original.length;
    assert.ok(n >= 4, `entries: ${n}`);

    const seen = new Set<string>();
    const check = async (name: string, tamper: (dir: string) => void, numbers: number[]) => {
      const dir = tempDir('mtls-desk-audit-ja-');
      cpSync(dataDir, dir, { recursive: true });
      tamper(dir);
      const result = await verifyUnlocked(dir);
      assert.equal(result.ok, false, name);
      for (const p of result.problems) {
        seen.add(p.text.id);
        assert.ok(
          errorTemplateJa(JAPANESE_TEXTS, p.text.id),
          `${name}: ${p.text.id} has no template`,
        );
        const ja = errorText(
          { message: p.message, messageId: p.text.id, params: p.text.params },
          'ja',
        );
        assert.match(ja, JAPANESE, `${name}: ${ja}`);
        assert.doesNotMatch(ja, /[{}]/, `${name}: ${ja}`);
        assert.equal(
          errorText({ message: p.message, messageId: p.text.id, params: p.text.params }, 'en'),
          p.message,
        );
      }
      const all = result.problems
        .map((p) =>
          errorText({ message: p.message, messageId: p.text.id, params: p.text.params }, 'ja'),
        )
        .join('\n');
      for (const number of numbers)
        assert.match(all, new RegExp(`記録 ${number}\\b`), `${name}: ${all}`);
    };

    // The last two entries cut off: the head file and the vault both name entry n.
    await check('tail cut', (dir) => writeLog(dir, original.slice(0, -2)), [n - 2, n]);
    // The head file gone as well: entries removed from the end can no longer be ruled out.
    await check(
      'head gone',
      (dir) => {
        writeLog(dir, original.slice(0, -1));
        rmSync(join(dir, 'audit.head.json'));
      },
      [n - 1, n],
    );
    // Entry 2 edited and the chain recomputed: its seal no longer matches.
    await check(
      'edited',
      (dir) => {
        const edited = original.map((e, i) => (i === 1 ? { ...e, who: 'mallory' } : e));
        const chained = rechain(edited);
        writeLog(dir, chained);
        writeFileSync(
          join(dir, 'audit.head.json'),
          JSON.stringify({ seq: chained.at(-1)!.seq, hash: chained.at(-1)!.hash }),
        );
      },
      [2],
    );
    assert.ok(seen.size >= 3, [...seen].join(', '));
  });
});
