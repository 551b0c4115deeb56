// The bundle's CHECKLIST.md in English (the CLI's, the default) or Japanese (the app's language):
// every sentence of it in both languages here, in one place (CHECKLIST_TEXTS; a test holds that
// each English sentence has its Japanese one), the profile's own texts through
// shared/programs/texts.ts. Asset names, file names, ids and fingerprints stay as they are. The
// same inputs give the same text in each language (no clock, no locale of the machine).
import { OAUTH_BUNDLE_FILES, OAUTH_PUBLIC_KEY_ASSET } from '../../shared/oauth.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { assetDescription, environmentName, renewalText } from '../../shared/programs/texts.js';
import { stepLabelIn, stepOfAsset, type WizardStepId } from '../../shared/wizard-steps.js';
import type { BundleManifest, StillNeeded } from './bundle.js';
import { currentOAuthKey, type OnboardingRecord } from './inventory.js';

export type ChecklistLanguage = 'en' | 'ja';

const code = (text: string) => `\`${text}\``;

/** Each sentence of the checklist, as a function of what it names. */
export interface ChecklistTexts {
  title(a: { partial: boolean; program: string; environment: string; identifier: string }): string;
  partialBanner: string;
  stillNeededHeading: string;
  stillNeeded(a: { asset: string; missing: boolean; problem?: string; step: string }): string;
  onboarding(a: {
    id: string;
    commonName: string;
    algorithm: string;
    layout: BundleManifest['commonNameLayout'];
  }): string;
  fingerprint(a: { sha256: string; notAfter: string }): string;
  handHeading(a: { csr: boolean; environment: string }): string;
  upload(a: { asset: string; file: string; description: string }): string;
  oauthHeading: string;
  oauthSend(a: { kid: string; identifier: string }): string;
  oauthOtherKid(a: { step: string }): string;
  oauthConfirmed(a: { date: string }): string;
  oauthWhenConfirmed(a: { step: string; testStep: string }): string;
  oauthNoKey(a: { step: string }): string;
  backHeading: string;
  back(a: {
    asset: string;
    optional: boolean;
    description: string;
    onboarding: string;
    step: string;
  }): string;
  serverHeading: string;
  server(a: { files: string[]; step: string }): string;
  portal(a: { name: string; url: string }): string;
  thenHeading: string;
  test(a: { step: string }): string;
  renewal(a: { text: string }): string;
  privateKey: string;
  createdAt(a: { createdAt: string }): string;
}

const JWK = code(OAUTH_BUNDLE_FILES.jwk);
const PEM = code(OAUTH_BUNDLE_FILES.pem);
const CERT = code(OAUTH_BUNDLE_FILES.certificate);

const EN: ChecklistTexts = {
  title: (a) =>
    `# ${a.partial ? 'PARTIAL ' : ''}${a.program}: ${a.environment} bundle for ${a.identifier}`,
  partialBanner:
    '**PARTIAL BUNDLE: not the complete set Thales needs.** It holds only what existed when it was saved, to send ahead; save the complete bundle from mTLS Desk once every step is done.',
  stillNeededHeading: '## Still needed for the complete bundle',
  stillNeeded: (a) =>
    `- [ ] **${a.asset}**: ${a.missing ? 'not there yet' : `left out, it fails a check (${a.problem})`}; complete it in mTLS Desk, ${a.step}.`,
  onboarding: (a) =>
    `Onboarding ${code(a.id)}, client Common Name ${code(a.commonName)} (${a.algorithm})${a.layout === 'confirmed' ? ', layout confirmed with Thales' : a.layout === 'unconfirmed' ? ', layout NOT confirmed with Thales: confirm it before sending' : ''}.`,
  fingerprint: (a) =>
    `Client certificate SHA-256 fingerprint: ${code(a.sha256)}, valid until ${a.notAfter}.`,
  handHeading: (a) =>
    `## Hand to Thales (${a.csr ? 'to your Thales representative during onboarding' : `in the Thales portal, ${a.environment} environment`})`,
  upload: (a) => `- [ ] **${a.asset}**: upload ${code(a.file)} (${a.description})`,
  oauthHeading: '## OAuth 2.0 signing key (to your Thales representative)',
  oauthSend: (a) =>
    `- [ ] **${OAUTH_PUBLIC_KEY_ASSET}**: send ${JWK} (the public JWK, kid ${code(a.kid)}, alg ES256) to your Thales representative, who provisions it in D1 for client assertions (iss = sub = ${code(a.identifier)}). If they ask for a PEM public key or a certificate instead, send ${PEM} or ${CERT}.`,
  oauthOtherKid: (a) => `- [ ] If Thales assigns another kid, record it in mTLS Desk, ${a.step}.`,
  oauthConfirmed: (a) => `- [ ] Thales confirmed the exchange on ${a.date}.`,
  oauthWhenConfirmed: (a) =>
    `- [ ] When Thales confirms, record it in mTLS Desk, ${a.step}, then test in ${a.testStep} (it ends with an authorized API call).`,
  oauthNoKey: (a) =>
    `- [ ] No OAuth signing key yet: D1 needs OAuth 2.0 on top of mTLS. Make it in mTLS Desk, ${a.step}, and build the bundle again.`,
  backHeading: '## What comes back from Thales',
  back: (a) =>
    `- [ ] **${a.asset}**${a.optional ? ' (optional)' : ''}: ${a.description} Enter it in mTLS Desk, onboarding ${code(a.onboarding)}, ${a.step}.`,
  serverHeading: '## Your server (not for Thales)',
  server: (a) =>
    `- [ ] Configure the server Thales calls with one of ${a.files.map(code).join(', ')}: TLS 1.2 and 1.3, your server chain, client certificates verified against the Thales Client CA only. Edit the key path; the chain and CA files they name are saved with the configuration from mTLS Desk, ${a.step}.`,
  portal: (a) => `Portal: ${a.name}, ${a.url}`,
  thenHeading: '## Then',
  test: (a) =>
    `- [ ] Test the connection in both directions: mTLS Desk, ${a.step}, or its connection tester.`,
  renewal: (a) => `- [ ] Renewal: ${a.text}`,
  privateKey:
    'The private key is not in this bundle: it stays in the mTLS Desk vault. Check the files against manifest.json (SHA-256 of each).',
  createdAt: (a) =>
    `manifest.json's createdAt (${a.createdAt}) is when the newest input of this bundle was made or imported, not when the bundle was written: the same inputs always give the same bytes.`,
};

const JA: ChecklistTexts = {
  title: (a) =>
    `# ${a.partial ? '【部分】' : ''}${a.program}：${a.identifier} の${a.environment}向けバンドル`,
  partialBanner:
    '**部分バンドル：Thales が必要とするファイル一式ではありません。** 保存した時点で揃っていたものだけを先に送るためのものです。すべてのステップを終えたら、mTLS Desk から完全なバンドルを保存してください。',
  stillNeededHeading: '## 完全なバンドルにまだ必要なもの',
  stillNeeded: (a) =>
    `- [ ] **${a.asset}**：${a.missing ? 'まだありません' : `チェックに通らないため除外しました（${a.problem}）`}。mTLS Desk の${a.step}で完成させてください。`,
  onboarding: (a) =>
    `オンボーディング ${code(a.id)}、クライアントの Common Name ${code(a.commonName)}（${a.algorithm}）${a.layout === 'confirmed' ? '、形式は Thales に確認済み' : a.layout === 'unconfirmed' ? '、形式は Thales に未確認：送付する前に確認してください' : ''}。`,
  fingerprint: (a) =>
    `クライアント証明書の SHA-256 フィンガープリント：${code(a.sha256)}、有効期限 ${a.notAfter}。`,
  handHeading: (a) =>
    `## Thales に渡すもの（${a.csr ? 'オンボーディング中に Thales の担当者へ' : `Thales ポータルの${a.environment}で`}）`,
  upload: (a) => `- [ ] **${a.asset}**：${code(a.file)} をアップロード（${a.description}）`,
  oauthHeading: '## OAuth 2.0 署名鍵（Thales の担当者へ）',
  oauthSend: (a) =>
    `- [ ] **${OAUTH_PUBLIC_KEY_ASSET}**：${JWK}（公開鍵の JWK、kid ${code(a.kid)}、alg ES256）を Thales の担当者に送付してください。担当者がクライアントアサーション用に D1 に登録します（iss = sub = ${code(a.identifier)}）。PEM 形式の公開鍵または証明書を求められた場合は、${PEM} または ${CERT} を送付してください。`,
  oauthOtherKid: (a) =>
    `- [ ] Thales が別の kid を割り当てた場合は、mTLS Desk の${a.step}で記録してください。`,
  oauthConfirmed: (a) => `- [ ] Thales は ${a.date} に交換を確認しました。`,
  oauthWhenConfirmed: (a) =>
    `- [ ] Thales から確認があったら mTLS Desk の${a.step}で記録し、${a.testStep}でテストしてください（最後に認可された API 呼び出しを行います）。`,
  oauthNoKey: (a) =>
    `- [ ] OAuth 署名鍵がまだありません：D1 では相互TLSに加えて OAuth 2.0 が必要です。mTLS Desk の${a.step}で作成し、バンドルを作り直してください。`,
  backHeading: '## Thales から届くもの',
  back: (a) =>
    `- [ ] **${a.asset}**${a.optional ? '（任意）' : ''}：${a.description} mTLS Desk のオンボーディング ${code(a.onboarding)} の${a.step}で入力してください。`,
  serverHeading: '## 自社サーバー（Thales には渡しません）',
  server: (a) =>
    `- [ ] Thales が呼び出すサーバーを ${a.files.map(code).join('、')} のいずれかで設定してください：TLS 1.2 と 1.3、自社サーバー証明書チェーン、クライアント証明書は Thales Client CA のみに対して検証。鍵のパスは書き換えてください。設定ファイルが参照するチェーンと CA のファイルは、mTLS Desk の${a.step}で設定と一緒に保存されます。`,
  portal: (a) => `ポータル：${a.name}、${a.url}`,
  thenHeading: '## その後',
  test: (a) =>
    `- [ ] mTLS Desk の${a.step}または接続テスターで、両方向の接続をテストしてください。`,
  renewal: (a) => `- [ ] 更新：${a.text}`,
  privateKey:
    '秘密鍵はこのバンドルに含まれていません：mTLS Desk の保管庫に残ります。各ファイルを manifest.json（各ファイルの SHA-256）と照合してください。',
  createdAt: (a) =>
    `manifest.json の createdAt（${a.createdAt}）は、このバンドルの最も新しい入力が作成またはインポートされた日時であり、バンドルを書き出した日時ではありません：同じ入力からは常に同じバイト列になります。`,
};

export const CHECKLIST_TEXTS: Record<ChecklistLanguage, ChecklistTexts> = { en: EN, ja: JA };

/** The checklist's lines for the assets handed to Thales and those that come back from it. */
function assetLines(
  record: OnboardingRecord,
  profile: ProgramProfile,
  manifest: BundleManifest,
  t: ChecklistTexts,
  language: ChecklistLanguage,
): { upload: string[]; back: string[] } {
  const step = (id: WizardStepId) => stepLabelIn(profile, id, language);
  const upload = manifest.files
    .filter((f) => f.asset && f.asset !== OAUTH_PUBLIC_KEY_ASSET)
    .map((f) => {
      const asset = profile.assets.find((a) => a.name === f.asset)!;
      return t.upload({
        asset: f.asset!,
        file: f.name,
        description: assetDescription(asset, language),
      });
    });
  const back = profile.assets
    .filter((a) => a.direction === 'from-thales')
    .map((a) =>
      t.back({
        asset: a.name,
        optional: !a.required,
        description: assetDescription(a, language),
        onboarding: record.id,
        step: step(stepOfAsset(profile, a.name)),
      }),
    );
  return { upload, back };
}

/** CHECKLIST.md: what to hand to Thales, what comes back, the server, then testing and renewal. */
export function checklist(
  record: OnboardingRecord,
  profile: ProgramProfile,
  manifest: BundleManifest,
  language: ChecklistLanguage = 'en',
): string {
  const t = CHECKLIST_TEXTS[language];
  const step = (id: WizardStepId) => stepLabelIn(profile, id, language);
  const environment = profile.environments.find((e) => e.id === record.environment)!;
  const envName = environmentName(environment, language);
  const { upload, back } = assetLines(record, profile, manifest, t, language);
  const configs = manifest.files.filter((f) => /-thales-mtls\.(conf|cfg)$/.test(f.name));
  const certificate = manifest.files.find((f) => f.asset === 'CUSTOMER_TLS_CLIENT_CERTIFICATE')
    ?.certificates?.[0];
  return [
    t.title({
      partial: manifest.partial,
      program: profile.displayName,
      environment: envName,
      identifier: record.identifier,
    }),
    '',
    ...partialNotice(profile, manifest, t, language),
    t.onboarding({
      id: record.id,
      commonName: manifest.commonName,
      algorithm: manifest.keyAlgorithm,
      layout: manifest.commonNameLayout,
    }),
    ...(certificate
      ? [t.fingerprint({ sha256: certificate.sha256Fingerprint, notAfter: certificate.notAfter })]
      : []),
    '',
    t.handHeading({ csr: profile.clientCertificate.mode === 'csr', environment: envName }),
    '',
    ...upload,
    '',
    ...oauthChecklist(record, profile, manifest, t, language),
    t.backHeading,
    '',
    ...back,
    '',
    ...(configs.length > 0
      ? [
          t.serverHeading,
          '',
          t.server({ files: configs.map((f) => f.name), step: step('server') }),
          '',
        ]
      : []),
    ...(profile.portal ? [t.portal(profile.portal), ''] : []),
    t.thenHeading,
    '',
    t.test({ step: step('test') }),
    t.renewal({ text: renewalText(profile, language) }),
    '',
    t.privateKey,
    t.createdAt({ createdAt: manifest.createdAt }),
    '',
  ].join('\n');
}

/** A partial bundle says so first, with what the complete one still needs and where to add it. */
function partialNotice(
  profile: ProgramProfile,
  manifest: BundleManifest,
  t: ChecklistTexts,
  language: ChecklistLanguage,
): string[] {
  if (!manifest.partial) return [];
  return [
    t.partialBanner,
    '',
    t.stillNeededHeading,
    '',
    ...(manifest.stillNeeded ?? []).map((n: StillNeeded) =>
      t.stillNeeded({
        asset: n.asset,
        missing: n.why === 'missing',
        problem: n.problem,
        step: stepLabelIn(profile, n.step, language),
      }),
    ),
    '',
  ];
}

/** D1: what to send for OAuth 2.0, to whom, and how to record that Thales confirmed it. */
function oauthChecklist(
  record: OnboardingRecord,
  profile: ProgramProfile,
  manifest: BundleManifest,
  t: ChecklistTexts,
  language: ChecklistLanguage,
): string[] {
  if (!profile.oauth) return [];
  const step = (id: WizardStepId) => stepLabelIn(profile, id, language);
  const jwk = manifest.files.find((f) => f.name === OAUTH_BUNDLE_FILES.jwk);
  const key = currentOAuthKey(record);
  return [
    t.oauthHeading,
    '',
    ...(jwk?.oauth
      ? [
          t.oauthSend({ kid: jwk.oauth.kid, identifier: record.identifier }),
          t.oauthOtherKid({ step: step('oauth') }),
          key?.thalesConfirmedAt
            ? t.oauthConfirmed({ date: key.thalesConfirmedAt.slice(0, 10) })
            : t.oauthWhenConfirmed({ step: step('oauth'), testStep: step('test') }),
        ]
      : [t.oauthNoKey({ step: step('oauth') })]),
    '',
  ];
}
