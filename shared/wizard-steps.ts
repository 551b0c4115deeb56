// The onboarding wizard's steps, in one place for every layer: which steps a program has and in
// what order, what each is called, and in which step each asset is made or entered. The
// inventory's checks, main's wording ("step 3, “Your server”") and the renderer's wizard all read
// this module, so they cannot disagree.
import type { ProgramProfile } from './programs/schema.js';

export const WIZARD_STEPS = [
  'identity',
  'signed',
  'oauth',
  'thales',
  'server',
  'test',
  'export',
] as const;
export type WizardStepId = (typeof WIZARD_STEPS)[number];

/** What each step is called on screen (main words its messages with the same names). */
export const WIZARD_STEP_TITLES: Record<WizardStepId, string> = {
  identity: 'Client identity',
  signed: 'Thales-signed certificate',
  oauth: 'OAuth',
  thales: 'Thales assets',
  server: 'Your server',
  test: 'Test',
  export: 'Export',
};

/** The same in Japanese (the bundle's CHECKLIST.md in Japanese names the steps with them). */
export const WIZARD_STEP_TITLES_JA: Record<WizardStepId, string> = {
  identity: 'クライアント証明書と秘密鍵',
  signed: 'Thales 署名済みの証明書',
  oauth: 'OAuth',
  thales: 'Thales の資産',
  server: '自社サーバー',
  test: 'テスト',
  export: 'エクスポート',
};

type AssetName = ProgramProfile['assets'][number]['name'];

export type WizardStep =
  | { id: 'identity'; title: string; mode: 'self-signed' | 'csr' }
  | { id: 'signed'; title: string }
  | { id: 'oauth'; title: string }
  | { id: 'thales'; title: string; assets: AssetName[] }
  | { id: 'server'; title: string; assets: AssetName[] }
  | { id: 'test'; title: string }
  | { id: 'export'; title: string };

/** Assets made in the client identity step rather than imported: the key, its certificate or CSR. */
const IDENTITY_STEP_ASSETS: readonly string[] = [
  'CLIENT_KEY',
  'CUSTOMER_TLS_CLIENT_CERTIFICATE',
  'CUSTOMER_CSR',
];

/** The wizard step where an asset is made or entered. */
export function stepOfAsset(profile: ProgramProfile, asset: string): WizardStepId {
  if (IDENTITY_STEP_ASSETS.includes(asset)) return 'identity';
  if (asset === 'THALES_SIGNED_CLIENT_CERTIFICATE') return 'signed';
  if (asset === 'OAUTH_SIGNING_KEY' || asset === 'OAUTH_SIGNING_PUBLIC_KEY') return 'oauth';
  return profile.assets.find((a) => a.name === asset)?.direction === 'from-thales'
    ? 'thales'
    : 'server';
}

/** The wizard's steps for a program, in order: a CSR program adds the Thales-signed certificate. */
export function stepsFor(profile: ProgramProfile): WizardStep[] {
  const assetsOf = (step: 'thales' | 'server') =>
    profile.assets
      .filter((a) => stepOfAsset(profile, a.name) === step)
      .filter((a) => step === 'thales' || a.kind === 'certificate-chain' || a.kind === 'host')
      .map((a) => a.name);
  const steps: WizardStep[] = [
    { id: 'identity', title: WIZARD_STEP_TITLES.identity, mode: profile.clientCertificate.mode },
  ];
  if (profile.clientCertificate.mode === 'csr')
    steps.push({ id: 'signed', title: WIZARD_STEP_TITLES.signed });
  // D1 OAuth 2.0: the signing key and its exchange with Thales, between the identity and the assets.
  if (profile.oauth) steps.push({ id: 'oauth', title: WIZARD_STEP_TITLES.oauth });
  steps.push(
    { id: 'thales', title: WIZARD_STEP_TITLES.thales, assets: assetsOf('thales') },
    { id: 'server', title: WIZARD_STEP_TITLES.server, assets: assetsOf('server') },
    { id: 'test', title: WIZARD_STEP_TITLES.test },
    { id: 'export', title: WIZARD_STEP_TITLES.export },
  );
  return steps;
}

/** “step 3, “Your server””, numbered as the program's wizard shows it. */
export function stepLabel(profile: ProgramProfile, step: WizardStepId): string {
  const ids = stepsFor(profile).map((s) => s.id);
  return `step ${ids.indexOf(step) + 1}, “${WIZARD_STEP_TITLES[step]}”`;
}

/** stepLabel in a language: “ステップ 3「自社サーバー」” in Japanese. */
export function stepLabelIn(
  profile: ProgramProfile,
  step: WizardStepId,
  language: 'en' | 'ja',
): string {
  if (language === 'en') return stepLabel(profile, step);
  const ids = stepsFor(profile).map((s) => s.id);
  return `ステップ ${ids.indexOf(step) + 1}「${WIZARD_STEP_TITLES_JA[step]}」`;
}
