// The findings in the app's language: English is each finding's own message and fix (what the
// rules and the CLI say); Japanese is the template of findings.ja.json keyed by the finding's id,
// filled in from its params (ICU syntax, formatted by the renderer for the active locale). Pure.
import type { Finding } from '../findings.js';
import ja from './findings.ja.json';

export interface FindingTemplate {
  message: string;
  fix: string;
}

/** Every finding id a rule or service can emit, with its Japanese message and fix templates. */
export const FINDINGS_JA: Readonly<Record<string, FindingTemplate>> = ja;

/** The Japanese templates of this finding, or null when its id has none (it is then said in English). */
export function findingTemplateJa(finding: Pick<Finding, 'id'>): FindingTemplate | null {
  return Object.hasOwn(FINDINGS_JA, finding.id) ? FINDINGS_JA[finding.id] : null;
}
