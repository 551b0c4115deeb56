// The words of a connection-test result (step names, statuses, evidence headings) as the app shows
// them, in the active language: English from shared/i18n/probe-words.ts, Japanese from the
// Japanese texts (shared/i18n/probe-words.ja.ts), the sources the saved report reads too; in the
// pseudo-locale, English wrapped the way the catalogues are, so the pseudo-locale journeys see
// them as catalogue text.
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { mapWords, PROBE_WORDS_EN, type ProbeWords } from '../../shared/i18n/probe-words.js';
import { pseudoMessages, useJapaneseTexts, type Messages } from './index.js';

/** One text wrapped as the pseudo-locale wraps a message. */
function pseudo(text: string): string {
  return Object.values(pseudoMessages({ text } as unknown as Messages))[0];
}

export function useProbeWords(): ProbeWords {
  const intl = useIntl();
  // The pseudo-locale formats in English with every message wrapped: its catalogue says so.
  const isPseudo = String(intl.messages['tester.title'] ?? '').startsWith('⟦');
  const ja = useJapaneseTexts();
  return useMemo(
    () => (isPseudo ? mapWords(PROBE_WORDS_EN, pseudo) : (ja?.probeWords ?? PROBE_WORDS_EN)),
    [isPseudo, ja],
  );
}
