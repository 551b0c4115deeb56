// The diagnoses in the app's language: English from shared/diagnoses.ts (the one source the CLI
// and the report read), Japanese from diagnoses.ja.json keyed by the same ids (the CLI stays
// English; its --json carries the ids). Pure: no Node, no DOM.
import { DIAGNOSES, fixFor, type DiagnosisId, type FixKey, type FixPlace } from '../diagnoses.js';
import ja from './diagnoses.ja.json';

export type DiagnosisLocale = 'en' | 'ja';

interface Translated {
  title: string;
  cause: string;
  fix: string;
  /** The fix in the words of a screen, where shared/diagnoses.ts has one (SCREEN_FIXES). */
  fixes?: Partial<Record<FixKey, string>>;
}

export const DIAGNOSES_JA = ja as Record<DiagnosisId, Translated>;

/** A diagnosis's title and cause in this language. */
export function diagnosisIn(
  locale: DiagnosisLocale,
  id: DiagnosisId,
): { title: string; cause: string } {
  const text = locale === 'ja' ? DIAGNOSES_JA[id] : DIAGNOSES[id];
  return { title: text.title, cause: text.cause };
}

/** The fix as read on this screen (shared/diagnoses.ts fixFor), in this language. */
export function fixIn(
  locale: DiagnosisLocale,
  id: DiagnosisId,
  place: FixPlace,
  direction: 'inbound' | 'outbound',
): string {
  if (locale === 'en') return fixFor(id, place, direction);
  const text = DIAGNOSES_JA[id];
  return text.fixes?.[`${place}-${direction}`] ?? text.fix;
}
