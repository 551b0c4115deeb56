// The words of a connection-test result in each language, in one place for the app (the result
// view) and main (the saved HTML report): the step and check names (English from
// shared/ipc-channels.ts PROBE_STEP_TITLES, the one source the CLI's progress reads too), the
// evidence tables' titles and headings, the statuses and the report's own words. Japanese follows
// Thales's Japanese documentation (相互TLS, クライアント証明書…); protocol, cipher and asset names
// stay as they are. Pure: strings in, strings out. Templates take `{name}` values (fill()).
import type { ProbeProgress } from '../diagnoses.js';
import { PROBE_STEP_TITLES } from '../ipc-channels.js';
import detailKeysJa from './probe-details.ja.json';

export type ProbeLanguage = 'en' | 'ja';

/** The step and check names in Japanese, keyed as PROBE_STEP_TITLES (a test holds them equal). */
export const PROBE_STEP_TITLES_JA: Record<string, string> = {
  identity: 'クライアント証明書',
  dns: '名前解決',
  tcp: 'TCP 接続',
  tls: 'TLS ハンドシェイク',
  verify: '検証',
  http: 'アプリケーションの往復',
  'oauth-token': 'OAuth アクセストークン',
  'oauth-api': '認可された API 呼び出し',
  port: 'ポート',
  reachable: '到達性',
  'tls-versions': 'TLS バージョン',
  'client-cert-required': 'クライアント証明書の要求',
  'foreign-client-rejected': '他者のクライアントの拒否',
  'client-ca-listed': 'Thales Client CA の提示',
  'server-chain': 'サーバー証明書チェーン',
  'token-endpoint': 'OAuth トークンエンドポイント',
};

/**
 * The keys of the steps' details (the evidence tables' row names) in Japanese, keyed as the
 * probes write them (electron/services/probe, oauth; a test holds every key named).
 */
export const PROBE_DETAIL_KEYS_JA: Readonly<Record<string, string>> = detailKeysJa;

/** The checks a step lists in its details, in Japanese, keyed by their English names. */
export const PROBE_CHECK_NAMES_JA: Readonly<Record<string, string>> = {
  'chain to a trusted root': '信頼されたルートまでのチェーン',
  'expected CA': '想定される CA',
  'minimum TLS version': 'TLS の最小バージョン',
  validity: '有効期間',
  'host name': 'ホスト名',
  'chain order': 'チェーンの順序',
  'client certificate required': 'クライアント証明書の必須化',
  'no credentials refused with 401': '認証情報なしを 401 で拒否',
  'wrong secret refused with 401': '誤ったシークレットを 401 で拒否',
  'client credentials answered with a token': 'クライアント認証情報へのトークン発行',
};

/** Every word of a result that is not data: the same keys in each language. */
export interface ProbeWords {
  /** Step and check names by id. */
  steps: Record<string, string>;
  /** Detail keys by name (English: each key as written). */
  detailKeys: Readonly<Record<string, string>>;
  /** The names of the checks a step lists in its details (English: as written). */
  checkNames: Readonly<Record<string, string>>;
  /** Whether a detail written beside its data (`detail` and `detailText`) is said from the data. */
  saysTexts: boolean;
  /** Step statuses (pass, warn, fail, skip). */
  status: Record<'pass' | 'warn' | 'fail' | 'skip', string>;
  yes: string;
  no: string;
  unknown: string;
  none: string;
  notRead: string;
  noneListed: string;
  /** The probes' one-word results (a connection attempt, a raw hello, a chain's source), said as words. */
  results: Record<string, string>;
  selfSigned: string;
  ca: string;
  leaf: string;
  /** A validity period: {from}, {to}. */
  validRange: string;
  tlsTitle: string;
  protocol: string;
  cipher: string;
  certificateRequested: string;
  acceptedIssuers: string;
  signatureAlgorithms: string;
  alert: string;
  /** {count}, {source}: one certificate, or any other number. */
  chainTitleOne: string;
  chainTitleOther: string;
  chainFromHandshake: string;
  chainFromLibrary: string;
  chainHead: string[];
  clientCertificateTitle: string;
  subject: string;
  issuer: string;
  valid: string;
  sha256: string;
  /** {step}. */
  stepDetails: string;
  /** A step that ended, in the progress line: {step}, {status}. */
  phaseEnded: string;
  highlightAccepted: string;
  highlightNotSaid: string;
  highlightNoIssuer: string;
  highlightSent: string;
  /** {subject}. */
  selfSignedSubject: string;
  // The saved report's own words.
  /** {url}. */
  reportInboundTitle: string;
  /** {target}. */
  reportOutboundTitle: string;
  /** {at}, {ms}. */
  reportRun: string;
  reportPass: string;
  reportFail: string;
  whatToDo: string;
  reportSteps: string;
  reportChecks: string;
  reportStep: string;
  reportCheck: string;
  reportStatus: string;
  reportTiming: string;
  reportFound: string;
  rawData: string;
}

/** Each key of a table as its own word. */
function asWritten(table: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(table).map((key) => [key, key]));
}

const EN: ProbeWords = {
  steps: PROBE_STEP_TITLES,
  // English shows the keys and check names as the probes write them.
  detailKeys: asWritten(PROBE_DETAIL_KEYS_JA),
  checkNames: asWritten(PROBE_CHECK_NAMES_JA),
  saysTexts: false,
  status: { pass: 'pass', warn: 'warn', fail: 'fail', skip: 'skip' },
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
  none: 'none',
  notRead: 'not read',
  noneListed: 'none listed',
  // The same keys in each language (a test holds them equal): English says them as written.
  results: Object.fromEntries(
    [
      'connected',
      'refused',
      'timeout',
      'timed out',
      'server-hello',
      'alert',
      'closed',
      'not-tls',
      'unreachable',
      'handshake',
      'library',
    ].map((word) => [word, word]),
  ),
  selfSigned: 'self-signed',
  ca: 'CA',
  leaf: 'leaf',
  validRange: '{from} to {to}',
  tlsTitle: 'TLS connection',
  protocol: 'Protocol',
  cipher: 'Cipher',
  certificateRequested: 'Client certificate requested',
  acceptedIssuers: 'Client certificate issuers the server accepts',
  signatureAlgorithms: 'Signature algorithms',
  alert: 'Alert from the server',
  chainTitleOne: 'Server chain as sent ({count} certificate, {source})',
  chainTitleOther: 'Server chain as sent ({count} certificates, {source})',
  chainFromHandshake: 'read from the handshake',
  chainFromLibrary: 'rebuilt by the TLS library',
  chainHead: ['#', 'Subject', 'Issuer', 'Valid', 'Kind', 'SHA-256'],
  clientCertificateTitle: 'Client certificate sent',
  subject: 'Subject',
  issuer: 'Issuer',
  valid: 'Valid',
  sha256: 'SHA-256',
  stepDetails: '{step}: details',
  phaseEnded: '{step}: {status}',
  highlightAccepted: 'The server accepts client certificates issued by',
  highlightNotSaid: '(the server did not say: its list could not be read)',
  highlightNoIssuer: '(the server lists no issuer)',
  highlightSent: 'The certificate we sent was issued by',
  selfSignedSubject: '{subject} (self-signed)',
  reportInboundTitle: 'Inbound mTLS test: {url}',
  reportOutboundTitle: 'Outbound readiness: {target}',
  reportRun: 'Run {at}, {ms} ms, by mTLS Desk.',
  reportPass: 'PASS',
  reportFail: 'FAIL',
  whatToDo: 'What to do:',
  reportSteps: 'Steps',
  reportChecks: 'Checks',
  reportStep: 'step',
  reportCheck: 'check',
  reportStatus: 'status',
  reportTiming: 'timing',
  reportFound: 'what was found',
  rawData: 'Raw data',
};

const JA: ProbeWords = {
  steps: PROBE_STEP_TITLES_JA,
  detailKeys: PROBE_DETAIL_KEYS_JA,
  checkNames: PROBE_CHECK_NAMES_JA,
  saysTexts: true,
  status: { pass: '合格', warn: '警告', fail: '失敗', skip: 'スキップ' },
  yes: 'はい',
  no: 'いいえ',
  unknown: '不明',
  none: 'なし',
  notRead: '読み取れず',
  noneListed: '一覧なし',
  results: {
    connected: '接続済み',
    refused: '拒否',
    timeout: 'タイムアウト',
    'timed out': 'タイムアウト',
    'server-hello': 'ServerHello を受信',
    alert: 'アラート',
    closed: '切断',
    'not-tls': 'TLS ではない',
    unreachable: '到達不能',
    handshake: 'ハンドシェイク',
    library: 'ライブラリ',
  },
  selfSigned: '自己署名',
  ca: 'CA',
  leaf: 'リーフ',
  validRange: '{from} ～ {to}',
  tlsTitle: 'TLS 接続',
  protocol: 'プロトコル',
  cipher: '暗号スイート',
  certificateRequested: 'クライアント証明書の要求',
  acceptedIssuers: 'サーバーが受け入れるクライアント証明書の発行者',
  signatureAlgorithms: '署名アルゴリズム',
  alert: 'サーバーからのアラート',
  chainTitleOne: '送信されたサーバー証明書チェーン（{count} 枚、{source}）',
  chainTitleOther: '送信されたサーバー証明書チェーン（{count} 枚、{source}）',
  chainFromHandshake: 'ハンドシェイクから読み取り',
  chainFromLibrary: 'TLS ライブラリが再構成',
  chainHead: ['#', 'サブジェクト', '発行者', '有効期間', '種類', 'SHA-256'],
  clientCertificateTitle: '送信したクライアント証明書',
  subject: 'サブジェクト',
  issuer: '発行者',
  valid: '有効期間',
  sha256: 'SHA-256',
  stepDetails: '{step}：詳細',
  phaseEnded: '{step}：{status}',
  highlightAccepted: 'サーバーが受け入れるクライアント証明書の発行者',
  highlightNotSaid: '（サーバーは示していません：一覧を読み取れませんでした）',
  highlightNoIssuer: '（サーバーは発行者を一つも示していません）',
  highlightSent: '送信した証明書の発行者',
  selfSignedSubject: '{subject}（自己署名）',
  reportInboundTitle: 'インバウンド相互TLSテスト：{url}',
  reportOutboundTitle: 'アウトバウンド接続の準備状況：{target}',
  reportRun: '実行日時 {at}、所要時間 {ms} ms（mTLS Desk による）。',
  reportPass: '合格',
  reportFail: '不合格',
  whatToDo: '対処方法：',
  reportSteps: 'ステップ',
  reportChecks: 'チェック',
  reportStep: 'ステップ',
  reportCheck: 'チェック',
  reportStatus: '状態',
  reportTiming: 'タイミング',
  reportFound: '確認された内容',
  rawData: '生データ',
};

export const PROBE_WORDS: Record<ProbeLanguage, ProbeWords> = { en: EN, ja: JA };

/** A template with its `{name}` values filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A step or check's name in these words (its id when it has none). */
export function stepTitle(words: ProbeWords, key: string): string {
  return words.steps[key] ?? key;
}

/** A flattened detail name ("attempts › 1 › address") in these words, part by part. */
export function detailName(words: ProbeWords, name: string): string {
  return name
    .split(' › ')
    .map((part) => words.detailKeys[part] ?? part)
    .join(' › ');
}

/** The progress line of a connection test: the step's name, then its status once it ended. */
export function probePhase(words: ProbeWords, progress: ProbeProgress): string {
  const step = stepTitle(words, progress.step);
  return progress.status === 'running'
    ? step
    : fill(words.phaseEnded, { step, status: words.status[progress.status] ?? progress.status });
}

/** Every string of a set of words passed through `change` (the app's pseudo-locale wraps them). */
export function mapWords(words: ProbeWords, change: (text: string) => string): ProbeWords {
  const each = (value: unknown): unknown =>
    typeof value === 'string'
      ? change(value)
      : typeof value !== 'object' || value === null
        ? value
        : Array.isArray(value)
          ? value.map(each)
          : Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, each(v)]));
  return each(words) as ProbeWords;
}
