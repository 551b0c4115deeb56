// What every check in the app returns: a finding with a stable id a script can rely on. Its
// message and fix are worded for any caller (no CLI flag or command); its details say, as data,
// which asset it is about and what is needed (the CLI adds its options from electron/cli/hints.ts).
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
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
