// The audit view in Japanese: every action has a Japanese sentence beside its English one (the
// same keys), and the entry summaries say their words (what a check found, why a passphrase was
// asked, how a cut showed) in Japanese while ids, names and numbers stay as the trail keeps them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  AUDIT_ACTION_WORDS,
  AUDIT_ACTION_WORDS_JA,
  AUDIT_ACTIONS,
  auditActionWords,
  auditDetailValue,
  auditSummary,
} from '../../shared/audit-words.js';
import { loadJapanese } from '../../renderer/i18n/index.js';
import { errorText } from '../../renderer/components/data-text.js';

// The app says data in Japanese once its Japanese chunk has loaded (renderer/i18n/index.tsx).
before(() => loadJapanese());

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('audit actions in Japanese', () => {
  it('has a Japanese sentence for exactly the actions that have an English one', () => {
    assert.deepEqual(
      Object.keys(AUDIT_ACTION_WORDS_JA).sort(),
      Object.keys(AUDIT_ACTION_WORDS).sort(),
    );
    assert.deepEqual(Object.keys(AUDIT_ACTION_WORDS_JA).sort(), [...AUDIT_ACTIONS].sort());
  });

  it('each Japanese sentence is Japanese, one per action, with no id in it', () => {
    const words = Object.values(AUDIT_ACTION_WORDS_JA);
    assert.equal(new Set(words).size, words.length, 'two actions share a sentence');
    for (const [action, sentence] of Object.entries(AUDIT_ACTION_WORDS_JA)) {
      assert.match(sentence, JAPANESE, action);
      assert.doesNotMatch(sentence, /[a-z]\.[a-z]/, `${action}: an id in the sentence`);
    }
  });

  it('says an action in the locale asked for; an unknown action stays its id', () => {
    assert.equal(auditActionWords('vault.initialized', 'ja'), '保管庫を作成');
    assert.equal(auditActionWords('vault.initialized'), 'Vault created');
    assert.equal(auditActionWords('future.action', 'ja'), 'future.action');
  });
});

describe('audit entry summaries', () => {
  it('in English, name=value exactly as the trail keeps it', () => {
    assert.equal(
      auditSummary({ onboarding: 'tsh-classic/X/prod', keys: 2, ok: true, found: 'rolled back' }),
      'onboarding=tsh-classic/X/prod keys=2 ok=true found=rolled back',
    );
  });

  it('in Japanese, the words are Japanese and the data stays as it is', () => {
    const ja = auditSummary(
      {
        onboarding: 'tsh-classic/X/prod',
        keys: 2,
        found: 'metadata seal mismatch',
        purpose: 'change-passphrase',
        ok: false,
      },
      'ja',
    );
    assert.equal(
      ja,
      'onboarding=tsh-classic/X/prod keys=2 found=封印の不一致 purpose=パスフレーズの変更 ok=いいえ',
    );
    // A recorded cut: how it showed, where it was recorded and what noticed it.
    assert.equal(
      auditDetailValue('how', 'the log ends at entry 12', 'ja'),
      'ログが記録 12 で終わっていた',
    );
    assert.equal(
      auditDetailValue('how', 'entry 7 is not the entry that was written', 'ja'),
      '記録 7 が書き込まれた記録と異なっていた',
    );
    assert.equal(auditDetailValue('how', 'the log was deleted', 'ja'), 'ログが削除された');
    assert.equal(auditDetailValue('source', 'the vault', 'ja'), '保管庫');
    assert.equal(auditDetailValue('noticedBy', 'vault.unlocked', 'ja'), '保管庫のロックを解除');
    // Data that only looks like a word is kept.
    assert.equal(auditDetailValue('key', 'k-0123', 'ja'), 'k-0123');
    assert.equal(auditDetailValue('how', 'something new', 'ja'), 'something new');
  });
});

describe('audit actions named by an error or a problem', () => {
  it('are said in Japanese words in ja, and as main wrote them otherwise', () => {
    const error = {
      message:
        'the disk is full: the audit trail could not record "vault.unlocked"; free some space and try again',
      messageId: 'audit.disk-full',
      params: { auditAction: 'vault.unlocked' },
    };
    const ja = errorText(error, 'ja');
    assert.match(ja, /「保管庫のロックを解除」/);
    assert.doesNotMatch(ja, /vault\.unlocked/);
    assert.equal(errorText(error, 'en'), error.message);
    // An action a newer version wrote stays its id.
    assert.match(
      errorText({ ...error, params: { auditAction: 'future.action' } }, 'ja'),
      /future\.action/,
    );
  });
});
