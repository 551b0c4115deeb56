// The wizard's shared words in the app's language: English from the one English source
// (shared/wizard-steps.ts, shared/asset-words.ts, ENVIRONMENT_DISPLAY_NAMES), Japanese from
// wizard-words.ja.json keyed by the same ids (portal asset names, environment ids); the step
// titles' Japanese is WIZARD_STEP_TITLES_JA beside the English (the checklist names them too).
// Main's messages and the CLI stay English. Pure: no Node, no DOM.
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
import ja from './wizard-words.ja.json';

export type WordsLocale = 'en' | 'ja';

interface WizardWordsJa {
  environments: Record<EnvironmentId, string>;
  assetNames: Record<AssetName, string>;
  defaultPortal: string;
  assetWhere: Record<AssetName, { portal: string; representative: string }>;
  nextStep: { csrTitle: string; csrWhere: string; portalTitle: string; portalWhere: string };
}

export const WIZARD_WORDS_JA: WizardWordsJa = ja;

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
export function environmentNameIn(locale: WordsLocale, id: EnvironmentId): string {
  return locale === 'ja' ? WIZARD_WORDS_JA.environments[id] : ENVIRONMENT_DISPLAY_NAMES[id];
}

/** An asset's plain name, as a heading says it. */
export function assetNameIn(locale: WordsLocale, asset: AssetName): string {
  return locale === 'ja' ? WIZARD_WORDS_JA.assetNames[asset] : ASSET_PLAIN_NAMES[asset];
}

/** An asset's plain name inside a sentence ("the Thales Client CA"; Japanese has no article). */
export function assetInSentenceIn(locale: WordsLocale, asset: AssetName): string {
  return locale === 'ja' ? WIZARD_WORDS_JA.assetNames[asset] : assetInSentence(asset);
}

/** The "where to find it" line of an asset for a program. */
export function whereToFindIn(
  locale: WordsLocale,
  asset: AssetName,
  profile: Pick<ProgramProfile, 'portal' | 'clientCertificate'>,
): string {
  if (locale === 'en') return whereToFind(asset, profile);
  const where = WIZARD_WORDS_JA.assetWhere[asset];
  if (profile.portal || profile.clientCertificate.mode === 'self-signed')
    return where.portal.replace(
      '{portal}',
      profile.portal?.nameJa ?? WIZARD_WORDS_JA.defaultPortal,
    );
  return where.representative;
}

/** Where a file the app made goes next, in this language. */
export function nextStepIn(
  locale: WordsLocale,
  asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE' | 'CUSTOMER_CSR',
  portal: { name: string; nameJa: string } | null,
): { title: string; where: string } {
  if (locale === 'en') return nextStepFor(asset, portal);
  const words = WIZARD_WORDS_JA.nextStep;
  if (asset === 'CUSTOMER_CSR' || portal === null)
    return { title: words.csrTitle, where: words.csrWhere };
  return {
    title: words.portalTitle,
    where: words.portalWhere.replace('{portal}', portal.nameJa).replace('{asset}', asset),
  };
}
