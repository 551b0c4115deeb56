// The wizard's shared words (step titles, asset names, where to find each asset, environments)
// and the program profile's texts, in the app's language: English from shared/, Japanese from
// shared/i18n/wizard-words.ja.json (in the Japanese texts, loaded with the Japanese catalogue)
// and the profile's *Ja fields. In the pseudo-locale (en-XA) they go through the same wrapping as
// the catalogue's messages, so a test tells them from hard-coded text.
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import {
  assetInSentenceIn,
  assetNameIn,
  environmentNameIn,
  nextStepIn,
  stepLabelIn,
  stepTitleIn,
  whereToFindIn,
} from '../../shared/i18n/wizard-words.js';
import { sourceJa } from '../../shared/i18n/errors.js';
import type { JapaneseTexts } from '../../shared/i18n/japanese.js';
import type { AssetName } from '../../shared/programs/names.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import {
  assetDescription,
  endpointSource,
  environmentName,
  portalName,
  renewalText,
} from '../../shared/programs/texts.js';
import type { WizardStepId } from '../../shared/wizard-steps.js';
import { pseudoMessages, useJapaneseTexts, useLocale, type Messages } from '../i18n/index.js';

/** The words for the active language: one object while it stays (a list's rows compare it). */
export function useWords() {
  const intl = useIntl();
  const locale = useLocale();
  const ja = useJapaneseTexts();
  const pseudo = String(intl.messages['wizard.back'] ?? '').startsWith('⟦');
  return useMemo(() => wordsFor(locale, ja, pseudo), [locale, ja, pseudo]);
}

function wordsFor(locale: ReturnType<typeof useLocale>, ja: JapaneseTexts | null, pseudo: boolean) {
  const w = (text: string): string =>
    pseudo ? pseudoMessages({ text } as unknown as Messages)['text' as keyof Messages] : text;
  return {
    locale,
    stepTitle: (step: WizardStepId) => w(stepTitleIn(locale, step)),
    stepLabel: (profile: ProgramProfile, step: WizardStepId) =>
      w(stepLabelIn(locale, profile, step)),
    assetName: (asset: AssetName) => w(assetNameIn(ja, asset)),
    /** Where certificates came from: a file name as it is, the services' fixed names in words. */
    sourceName: (source: string) => (locale === 'ja' ? sourceJa(source) : source),
    assetInSentence: (asset: AssetName) => w(assetInSentenceIn(ja, asset)),
    whereToFind: (asset: AssetName, profile: ProgramProfile) =>
      w(whereToFindIn(ja, asset, profile)),
    nextStep: (
      asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE' | 'CUSTOMER_CSR',
      portal: { name: string; nameJa: string } | null,
    ) => {
      const next = nextStepIn(ja, asset, portal);
      return { title: w(next.title), where: w(next.where) };
    },
    environment: (profile: ProgramProfile, id: string) => {
      const env = profile.environments.find((e) => e.id === id);
      if (env) return w(environmentName(env, locale));
      return id === 'preprod' || id === 'sandbox' || id === 'prod'
        ? w(environmentNameIn(ja, id))
        : id;
    },
    assetDescription: (asset: ProgramProfile['assets'][number]) =>
      w(assetDescription(asset, locale)),
    renewal: (profile: ProgramProfile) => w(renewalText(profile, locale)),
    portalName: (portal: { name: string; nameJa: string }) => w(portalName(portal, locale)),
    endpointSource: (profile: ProgramProfile, environmentId: string) => {
      const env = profile.environments.find((e) => e.id === environmentId);
      return env ? w(endpointSource(profile, env, locale)) : '';
    },
  };
}
