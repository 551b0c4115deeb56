// What every check in the app returns: a finding with a stable id a script can rely on. Its
// message and fix are worded for any caller (no CLI flag or command); its details say, as data,
// which asset it is about and what is needed (the CLI adds its options from electron/cli/hints.ts);
// its params, what its message says as data, for the app's other languages.
import type { MessageParams } from './i18n/message-text.js';
import type { NeedDetails } from './needs.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  fix: string;
  /** Which artifact the finding is about (a file name, "certificate 2 of chain.pem"). */
  artifact?: string;
  /** The asset the finding is about, what is needed to fix it. */
  details?: NeedDetails;
  /**
   * The values the finding's Japanese template fills in (shared/i18n/findings.ja.json, keyed by
   * the id): the app says the finding in its language from the id and these; the CLI says `message`.
   */
  params?: MessageParams;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
