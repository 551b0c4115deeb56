// The findings in the app's language: English is each finding's own message and fix (what the
// rules and the CLI say); Japanese is the template of findings.ja.json keyed by the finding's id
// (in the Japanese texts, shared/i18n/japanese.ts), filled in from its params (ICU syntax,
// formatted by the renderer for the active locale). Pure.
import type { Finding } from '../findings.js';
import type { JapaneseTexts } from './japanese.js';

export interface FindingTemplate {
  message: string;
  fix: string;
}

/** The Japanese templates of this finding, or null when its id has none (it is then said in English). */
export function findingTemplateJa(
  ja: Pick<JapaneseTexts, 'findings'>,
  finding: Pick<Finding, 'id'>,
): FindingTemplate | null {
  return Object.hasOwn(ja.findings, finding.id) ? ja.findings[finding.id] : null;
}
