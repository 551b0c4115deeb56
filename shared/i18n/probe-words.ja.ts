// The words of a connection-test result in Japanese (shared/i18n/probe-words.ts has the English
// and the functions that use them): step and check names, the evidence keys (probe-details.ja.json)
// and the report's words, following Thales's Japanese documentation (相互TLS, クライアント証明書…);
// protocol, cipher and asset names stay as they are. Part of the Japanese texts
// (shared/i18n/japanese.ts): the app loads it only in Japanese. Pure.
import detailKeysJa from './probe-details.ja.json';
import type { ProbeWords } from './probe-words.js';

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

/** The words in Japanese (the templates details are said from are added by japanese.ts). */
export const PROBE_WORDS_JA: Omit<ProbeWords, 'texts'> = {
  steps: PROBE_STEP_TITLES_JA,
  detailKeys: PROBE_DETAIL_KEYS_JA,
  checkNames: PROBE_CHECK_NAMES_JA,
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
