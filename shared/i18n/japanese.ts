// The Japanese texts of data the app says (what is not a screen's catalogue message): service
// errors and where to do what they need, findings, diagnoses, a connection test's sentences and
// words, the wizard's words. One object, made here from the *.ja.json tables and
// probe-words.ja.ts (the only modules that import them): the functions beside it (errors.ts,
// findings.ts, diagnoses.ts, probe-steps.ts, probe-words.ts, wizard-words.ts) take it as a value,
// null meaning English. Main (the saved report) and the tests import it; the app only from its
// Japanese chunk (renderer/i18n/ja.ts), so an English window never loads it. Pure: no Node, no
// DOM.
import type { DiagnosisId } from '../diagnoses.js';
import type { Need } from '../needs.js';
import type { DiagnosisJa } from './diagnoses.js';
import diagnoses from './diagnoses.ja.json';
import type { ErrorMessageId } from './errors.js';
import errors from './errors.ja.json';
import type { FindingTemplate } from './findings.js';
import findings from './findings.ja.json';
import needs from './needs.ja.json';
import probeErrors from './probe-errors.ja.json';
import type { ProbeTextId } from './probe-steps.js';
import probeSteps from './probe-steps.ja.json';
import { PROBE_WORDS_JA } from './probe-words.ja.js';
import type { ProbeWords } from './probe-words.js';
import type { WizardWordsJa } from './wizard-words.js';
import wizardWords from './wizard-words.ja.json';

export interface JapaneseTexts {
  /** Each service error's template, by the id it carries (the connection test's own included). */
  errors: Readonly<Record<ErrorMessageId, string>>;
  /** Where the app lets the person do what a need asks; '' where the screen asks itself. */
  needs: Readonly<Record<Need, string>>;
  /** Each finding's message and fix templates, by its id. */
  findings: Readonly<Record<string, FindingTemplate>>;
  diagnoses: Readonly<Record<DiagnosisId, DiagnosisJa>>;
  /** A connection test's sentences, by their ids. */
  probeSteps: Readonly<Record<ProbeTextId, string>>;
  probeWords: ProbeWords;
  wizardWords: WizardWordsJa;
}

export const JAPANESE_TEXTS: JapaneseTexts = {
  // The connection test's own errors are kept in probe-errors.ja.json, beside its sentences.
  errors: { ...errors, ...probeErrors },
  needs,
  findings,
  diagnoses: diagnoses as Record<DiagnosisId, DiagnosisJa>,
  probeSteps,
  // The words say a step's details from the same templates.
  probeWords: { ...PROBE_WORDS_JA, texts: { probeSteps, findings } },
  wizardWords,
};
