// The diagnoses in the app's language: English from shared/diagnoses.ts (the one source the CLI
// and the report read), Japanese from the Japanese texts (diagnoses.ja.json, keyed by the same
// ids; shared/i18n/japanese.ts), given by the caller: null says it in English. The CLI stays
// English; its --json carries the ids. Pure: no Node, no DOM.
import { DIAGNOSES, fixFor, type DiagnosisId, type FixKey, type FixPlace } from '../diagnoses.js';
import type { JapaneseTexts } from './japanese.js';

/** A diagnosis in Japanese (diagnoses.ja.json). */
export interface DiagnosisJa {
  title: string;
  cause: string;
  fix: string;
  /** The fix in the words of a screen, where shared/diagnoses.ts has one (SCREEN_FIXES). */
  fixes?: Partial<Record<FixKey, string>>;
}

/** A diagnosis's title and cause: in Japanese given the Japanese texts, else in English. */
export function diagnosisIn(
  ja: JapaneseTexts | null,
  id: DiagnosisId,
): { title: string; cause: string } {
  const text = ja ? ja.diagnoses[id] : DIAGNOSES[id];
  return { title: text.title, cause: text.cause };
}

/** The fix as read on this screen (shared/diagnoses.ts fixFor), in Japanese given its texts. */
export function fixIn(
  ja: JapaneseTexts | null,
  id: DiagnosisId,
  place: FixPlace,
  direction: 'inbound' | 'outbound',
): string {
  if (ja === null) return fixFor(id, place, direction);
  const text = ja.diagnoses[id];
  return text.fixes?.[`${place}-${direction}`] ?? text.fix;
}
