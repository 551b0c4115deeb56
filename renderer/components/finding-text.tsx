// A finding as the screens show it, in the active locale: its message and what to do, from its id
// and params (the Japanese templates of shared/i18n/findings.ja.json), or its English sentences.
import type { Finding } from '../../shared/findings.js';
import { findingTemplateJa } from '../../shared/i18n/findings.js';
import { japaneseTexts, useLocale, useT } from '../i18n/index.js';
import { findingText } from './data-text.js';

export function FindingText({ finding }: { finding: Finding }) {
  const t = useT();
  const locale = useLocale();
  const whatToDo = t('errors.finding.whatToDo');
  const text = findingText(finding, locale);
  // The pseudo-locale wraps every catalogue message in ⟦ ⟧: a finding that has its translation
  // is wrapped too, so one without stands out (the pseudo-locale loads the Japanese texts for this).
  const ja = japaneseTexts();
  const wrap = (s: string) =>
    whatToDo.startsWith('⟦') && ja !== null && findingTemplateJa(ja, finding) !== null
      ? `⟦${s}⟧`
      : s;
  return (
    <>
      {wrap(text.message)}{' '}
      <span className="fix">
        {whatToDo} {wrap(text.fix)}
      </span>
    </>
  );
}
