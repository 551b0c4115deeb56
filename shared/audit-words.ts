// What each audit-trail action is, once: the ids main writes (the trail keeps the id, which the
// hash chain and the seals cover) and the sentence the app shows for it. Pure, so the services,
// the renderer and the tests read the same table; a new action without wording does not compile.

export const AUDIT_ACTIONS = [
  'vault.initialized',
  'vault.unlocked',
  'vault.unlock-failed',
  'vault.passphrase-changed',
  'vault.kdf-upgraded',
  'key.generated',
  'key.imported',
  'key.deleted',
  'key.restored',
  'key.purged',
  'onboarding.created',
  'onboarding.archived',
  'onboarding.restored',
  'onboarding.deleted',
  'onboarding.undeleted',
  'onboarding.purged',
  'certificate.created',
  'csr.created',
  'identity.renewed',
  'identity.retired',
  'asset.imported',
  'certificate.imported',
  'export.key',
  'export.p12',
  'export.chain',
  'bundle.created',
  'bundle.partial-created',
  'bundle.submitted',
  'bundle.submission-cleared',
  'calendar.exported',
  'connection-test.run',
  'audit.trail-cut',
  'audit.checkpoint',
  'vault.metadata-altered',
  'vault.attempts-counter-reset',
  'oauth.key.created',
  'oauth.key.retired',
  'oauth.kid.set',
  'oauth.exchange.confirmed',
  'oauth.endpoints.set',
  'oauth.assertion.signed',
  'token.key-generated',
  'token.key-deleted',
  'token.certificate-stored',
  'programs.external',
  'cn-layout.confirmed',
  'server-config.written',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The sentence the audit view shows for each action (the id stays in the trail and on hover). */
export const AUDIT_ACTION_WORDS: Record<AuditAction, string> = {
  'vault.initialized': 'Vault created',
  'vault.unlocked': 'Vault unlocked',
  'vault.unlock-failed': 'Wrong master passphrase: vault not unlocked',
  'vault.passphrase-changed': 'Master passphrase changed',
  'vault.kdf-upgraded': 'Vault key derivation strengthened',
  'key.generated': 'Private key generated in the vault',
  'key.imported': 'Private key imported into the vault',
  'key.deleted': 'Private key deleted (restorable until purged)',
  'key.restored': 'Deleted private key restored',
  'key.purged': 'Deleted private key purged for good',
  'onboarding.created': 'Onboarding created',
  'onboarding.archived': 'Onboarding archived',
  'onboarding.restored': 'Onboarding restored from the archive',
  'onboarding.deleted': 'Onboarding deleted (restorable until purged)',
  'onboarding.undeleted': 'Deleted onboarding restored',
  'onboarding.purged': 'Deleted onboarding purged for good',
  'certificate.created': 'Client certificate made',
  'csr.created': 'Certificate signing request (CSR) made',
  'identity.renewed': 'Client identity renewed',
  'identity.retired': 'Old client identity retired',
  'asset.imported': 'Asset saved to the onboarding',
  'certificate.imported': 'Certificate imported',
  'export.key': 'Private key exported, encrypted',
  'export.p12': 'PKCS#12 file exported',
  'export.chain': 'Certificate chain exported',
  'bundle.created': 'Portal bundle saved',
  'bundle.partial-created': 'Partial portal bundle saved (not complete)',
  'bundle.submitted': 'Marked as submitted to Thales',
  'bundle.submission-cleared': '“Submitted to Thales” mark removed',
  'calendar.exported': 'Renewal reminders exported',
  'connection-test.run': 'Connection test run',
  'audit.trail-cut': 'Audit trail found cut short',
  'audit.checkpoint': 'Audit checkpoint written',
  'vault.metadata-altered': 'Vault metadata found altered',
  'vault.attempts-counter-reset': 'Unlock attempt counter found reset',
  'oauth.key.created': 'OAuth signing key generated',
  'oauth.key.retired': 'Old OAuth signing key retired',
  'oauth.kid.set': 'OAuth key id (kid) set',
  'oauth.exchange.confirmed': 'OAuth key exchange with Thales confirmed',
  'oauth.endpoints.set': 'OAuth endpoints set',
  'oauth.assertion.signed': 'OAuth client assertion signed',
  'token.key-generated': 'Private key generated on a hardware token',
  'token.key-deleted': 'Private key deleted from a hardware token',
  'token.certificate-stored': 'Certificate stored on a hardware token',
  'programs.external': 'Program rules loaded from an outside folder',
  'cn-layout.confirmed': 'Common Name layout saved as confirmed by Thales',
  'server-config.written': 'Server configuration written',
};

/** The same sentences in Japanese (Thales's Japanese terms: 保管庫, マスターパスフレーズ, 秘密鍵…). */
export const AUDIT_ACTION_WORDS_JA: Record<AuditAction, string> = {
  'vault.initialized': '保管庫を作成',
  'vault.unlocked': '保管庫のロックを解除',
  'vault.unlock-failed': 'マスターパスフレーズの誤り: 保管庫はロックされたまま',
  'vault.passphrase-changed': 'マスターパスフレーズを変更',
  'vault.kdf-upgraded': '保管庫の鍵導出を強化',
  'key.generated': '保管庫で秘密鍵を生成',
  'key.imported': '秘密鍵を保管庫にインポート',
  'key.deleted': '秘密鍵を削除 (完全に消去するまで復元可能)',
  'key.restored': '削除した秘密鍵を復元',
  'key.purged': '削除した秘密鍵を完全に消去',
  'onboarding.created': 'オンボーディングを作成',
  'onboarding.archived': 'オンボーディングをアーカイブ',
  'onboarding.restored': 'オンボーディングをアーカイブから復元',
  'onboarding.deleted': 'オンボーディングを削除 (完全に消去するまで復元可能)',
  'onboarding.undeleted': '削除したオンボーディングを復元',
  'onboarding.purged': '削除したオンボーディングを完全に消去',
  'certificate.created': 'クライアント証明書を作成',
  'csr.created': '証明書署名要求 (CSR) を作成',
  'identity.renewed': 'クライアント ID を更新',
  'identity.retired': '古いクライアント ID を廃止',
  'asset.imported': '資産をオンボーディングに保存',
  'certificate.imported': '証明書をインポート',
  'export.key': '秘密鍵を暗号化してエクスポート',
  'export.p12': 'PKCS#12 ファイルをエクスポート',
  'export.chain': '証明書チェーンをエクスポート',
  'bundle.created': 'ポータル用バンドルを保存',
  'bundle.partial-created': '部分的なポータル用バンドルを保存 (未完成)',
  'bundle.submitted': 'Thales に提出済みとして記録',
  'bundle.submission-cleared': '「Thales に提出済み」の記録を解除',
  'calendar.exported': '更新のリマインダーをエクスポート',
  'connection-test.run': '接続テストを実行',
  'audit.trail-cut': '監査証跡の切り詰めを検出',
  'audit.checkpoint': '監査チェックポイントを書き込み',
  'vault.metadata-altered': '保管庫のメタデータの改変を検出',
  'vault.attempts-counter-reset': 'ロック解除の試行回数のリセットを検出',
  'oauth.key.created': 'OAuth 署名鍵を生成',
  'oauth.key.retired': '古い OAuth 署名鍵を廃止',
  'oauth.kid.set': 'OAuth 鍵 ID (kid) を設定',
  'oauth.exchange.confirmed': 'Thales との OAuth 鍵の交換を確認',
  'oauth.endpoints.set': 'OAuth エンドポイントを設定',
  'oauth.assertion.signed': 'OAuth クライアントアサーションに署名',
  'token.key-generated': 'ハードウェアトークン上で秘密鍵を生成',
  'token.key-deleted': 'ハードウェアトークンから秘密鍵を削除',
  'token.certificate-stored': 'ハードウェアトークンに証明書を保存',
  'programs.external': '外部フォルダーからプログラムのルールを読み込み',
  'cn-layout.confirmed': 'Thales が確認したコモンネームのレイアウトとして保存',
  'server-config.written': 'サーバー設定を書き込み',
};

/** The locales the audit view is said in (the pseudo-locale shows the English). */
export type AuditLocale = 'en' | 'ja';

/** An action in words; an id this version does not know (a newer app wrote it) stays as it is. */
export function auditActionWords(action: string, locale: AuditLocale = 'en'): string {
  const words = locale === 'ja' ? AUDIT_ACTION_WORDS_JA : AUDIT_ACTION_WORDS;
  return (words as Record<string, string>)[action] ?? action;
}

export type AuditDetailValue = string | number | boolean | null;

/**
 * The Japanese of the detail values that are words, not data (by detail name, then the English
 * value the trail keeps): what a tamper check found, why a passphrase was asked, how a cut showed.
 */
const DETAIL_WORDS_JA: Record<string, Record<string, string>> = {
  found: {
    'metadata seal mismatch': '封印の不一致',
    'format downgraded': '古い形式への書き換え',
    damaged: '破損',
    missing: '消失',
    'rolled back': '巻き戻し',
  },
  purpose: {
    unlock: 'ロック解除',
    'change-passphrase': 'パスフレーズの変更',
    export: 'エクスポート',
  },
  source: { 'the vault': '保管庫', 'the head file': 'ヘッドファイル' },
  direction: { inbound: 'インバウンド', outbound: 'アウトバウンド' },
  how: {
    'the log was emptied': 'ログが空にされた',
    'the log was deleted': 'ログが削除された',
    'the log and its head file were deleted': 'ログとヘッドファイルが削除された',
  },
};

/** A detail value in the locale: words translated, data (ids, names, numbers) as they are. */
export function auditDetailValue(
  key: string,
  value: AuditDetailValue,
  locale: AuditLocale,
): string {
  if (locale === 'en' || value === null) return String(value);
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (typeof value === 'number') return String(value);
  if (key === 'noticedBy') return auditActionWords(value, 'ja');
  const known = DETAIL_WORDS_JA[key]?.[value];
  if (known) return known;
  if (key === 'how') {
    const endsAt = /^the log ends at entry (\d+)$/.exec(value);
    if (endsAt) return `ログが記録 ${endsAt[1]} で終わっていた`;
    const replaced = /^entry (\d+) is not the entry that was written$/.exec(value);
    if (replaced) return `記録 ${replaced[1]} が書き込まれた記録と異なっていた`;
  }
  return value;
}

/** An entry's details in one line, name=value (the app's audit view; the CLI prints its own). */
export function auditSummary(
  details: Readonly<Record<string, AuditDetailValue>>,
  locale: AuditLocale = 'en',
): string {
  return Object.entries(details)
    .map(([k, v]) => `${k}=${auditDetailValue(k, v, locale)}`)
    .join(' ');
}
