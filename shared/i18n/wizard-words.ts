// The wizard's shared words in the app's language: English from the one English source
// (shared/wizard-steps.ts, shared/asset-words.ts, ENVIRONMENT_DISPLAY_NAMES), Japanese from
// wizard-words.ja.json keyed by the same ids (portal asset names, environment ids), in the
// Japanese texts (shared/i18n/japanese.ts) the caller gives (null: English); the step titles'
// Japanese is WIZARD_STEP_TITLES_JA beside the English (the checklist names them too), so those
// take a locale. Main's messages and the CLI stay English. Pure: no Node, no DOM.
import { ASSET_PLAIN_NAMES, assetInSentence, nextStepFor, whereToFind } from '../asset-words.js';
import {
  ENVIRONMENT_DISPLAY_NAMES,
  type AssetName,
  type EnvironmentId,
} from '../programs/names.js';
import type { ProgramProfile } from '../programs/schema.js';
import {
  stepLabelIn as stepLabelInLanguage,
  WIZARD_STEP_TITLES,
  WIZARD_STEP_TITLES_JA,
  type WizardStepId,
} from '../wizard-steps.js';
import type { JapaneseTexts } from './japanese.js';

export type WordsLocale = 'en' | 'ja';
/** The Japanese texts (wizard-words.ja.json among them), or null for English. */
type WordsJa = Pick<JapaneseTexts, 'wizardWords'> | null;

/** The wizard's words in Japanese (wizard-words.ja.json). */
export interface WizardWordsJa {
  environments: Record<EnvironmentId, string>;
  assetNames: Record<AssetName, string>;
  defaultPortal: string;
  assetWhere: Record<AssetName, { portal: string; representative: string }>;
  nextStep: { csrTitle: string; csrWhere: string; portalTitle: string; portalWhere: string };
}

/** A wizard step's title ("Your server", 自社サーバー). */
export function stepTitleIn(locale: WordsLocale, step: WizardStepId): string {
  return locale === 'ja' ? WIZARD_STEP_TITLES_JA[step] : WIZARD_STEP_TITLES[step];
}

/** “step 3, “Your server””, ステップ 3「自社サーバー」, as the program's wizard numbers it. */
export function stepLabelIn(
  locale: WordsLocale,
  profile: ProgramProfile,
  step: WizardStepId,
): string {
  return stepLabelInLanguage(profile, step, locale);
}

/** An environment's canonical name (Pre-Production, 本番環境). */
export function environmentNameIn(ja: WordsJa, id: EnvironmentId): string {
  return ja ? ja.wizardWords.environments[id] : ENVIRONMENT_DISPLAY_NAMES[id];
}

/** An asset's plain name, as a heading says it. */
export function assetNameIn(ja: WordsJa, asset: AssetName): string {
  return ja ? ja.wizardWords.assetNames[asset] : ASSET_PLAIN_NAMES[asset];
}

/** An asset's plain name inside a sentence ("the Thales Client CA"; Japanese has no article). */
export function assetInSentenceIn(ja: WordsJa, asset: AssetName): string {
  return ja ? ja.wizardWords.assetNames[asset] : assetInSentence(asset);
}

/** The "where to find it" line of an asset for a program. */
export function whereToFindIn(
  ja: WordsJa,
  asset: AssetName,
  profile: Pick<ProgramProfile, 'portal' | 'clientCertificate'>,
): string {
  if (ja === null) return whereToFind(asset, profile);
  const where = ja.wizardWords.assetWhere[asset];
  if (profile.portal || profile.clientCertificate.mode === 'self-signed')
    return where.portal.replace('{portal}', profile.portal?.nameJa ?? ja.wizardWords.defaultPortal);
  return where.representative;
}

/** Where a file the app made goes next, in this language. */
export function nextStepIn(
  ja: WordsJa,
  asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE' | 'CUSTOMER_CSR',
  portal: { name: string; nameJa: string } | null,
): { title: string; where: string } {
  if (ja === null) return nextStepFor(asset, portal);
  const words = ja.wizardWords.nextStep;
  if (asset === 'CUSTOMER_CSR' || portal === null)
    return { title: words.csrTitle, where: words.csrWhere };
  return {
    title: words.portalTitle,
    where: words.portalWhere.replace('{portal}', portal.nameJa).replace('{asset}', asset),
  };
}
