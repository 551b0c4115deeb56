// A connection test's one-line sentences in the app's language: each step and check carries,
// beside its English `summary` (what the CLI prints), a `summaryText` {id, params}; Japanese is
// the ICU template of probe-steps.ja.json keyed by that id, filled in from the params. A param may
// itself be a text (a classifier's reason inside a step's sentence) or a list of texts, said in
// the same language. English is always the producer's own sentence. The templates are in the
// Japanese texts (shared/i18n/japanese.ts), given by the caller. Pure: no Node, no DOM.
import { IntlMessageFormat } from 'intl-messageformat';
import type { JapaneseTexts } from './japanese.js';
import type { MessageParams } from './message-text.js';
import type probeStepsJa from './probe-steps.ja.json';

/** The id of a test sentence's Japanese template. */
export type ProbeTextId = Extract<keyof typeof probeStepsJa, string>;

/** The tables a test sentence is said from in Japanese: its templates and the findings'. */
export type ProbeTextsJa = Pick<JapaneseTexts, 'probeSteps' | 'findings'>;

/** A finding a sentence quotes (a rule's message), by its id and params (findings.ja.json). */
export interface QuotedFinding {
  finding: { id: string; params?: MessageParams };
}

/** A value a template fills in: a name, a number, or a text said in the same language. */
export type ProbeTextParam = string | number | ProbeText | ProbeText[] | QuotedFinding;

/** A test sentence as data: its template's id and the values it fills in. */
export interface ProbeText {
  id: ProbeTextId;
  params?: Record<string, ProbeTextParam>;
}

/** A sentence as data (the unit test reads every call of this in the sources). */
export function probeText(id: ProbeTextId, params?: Record<string, ProbeTextParam>): ProbeText {
  return params ? { id, params } : { id };
}

/** A finding as a value of a sentence. */
export function quotedFinding(finding: { id: string; params?: MessageParams }): QuotedFinding {
  return {
    finding: finding.params ? { id: finding.id, params: finding.params } : { id: finding.id },
  };
}

const format = (template: string, values: Record<string, string | number>): string =>
  String(new IntlMessageFormat(template, 'ja').format(values));

const isText = (value: unknown): value is ProbeText =>
  typeof value === 'object' && value !== null && typeof (value as ProbeText).id === 'string';

/** The params that are moments (a certificate's validity), said as dates in Japanese. */
const DATE_PARAMS = new Set(['from', 'to', 'until']);
const JAPANESE_DATE = new Intl.DateTimeFormat('ja-JP', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** An ISO or OpenSSL-style ("Nov 29 10:00:00 2026 GMT") moment in Japanese; anything else as is. */
function dateJa(value: string): string {
  const moment = /^\d{4}-\d{2}-\d{2}T|GMT$/.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(moment) ? value : `${JAPANESE_DATE.format(moment)} UTC`;
}

/** The Japanese of a text, or null when its id (or a text in its params) has no template. */
export function probeTextJa(ja: ProbeTextsJa, text: ProbeText): string | null {
  if (!Object.hasOwn(ja.probeSteps, text.id)) return null;
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    if (Array.isArray(value)) {
      const said = value.map((v) => (isText(v) ? probeTextJa(ja, v) : String(v)));
      if (said.some((s) => s === null)) return null;
      values[name] = said.join('、');
    } else if (typeof value === 'object' && 'finding' in value) {
      const { id, params } = value.finding;
      if (!Object.hasOwn(ja.findings, id)) return null;
      values[name] = format(ja.findings[id].message, params ?? {});
    } else if (isText(value)) {
      const said = probeTextJa(ja, value);
      if (said === null) return null;
      values[name] = said;
    } else
      values[name] = typeof value === 'string' && DATE_PARAMS.has(name) ? dateJa(value) : value;
  }
  return format(ja.probeSteps[text.id], values);
}

/**
 * A test sentence: in Japanese from its template when given the Japanese texts and it has one,
 * else (and always in English) the producer's English sentence.
 */
export function probeSentence(
  english: string,
  text: ProbeText | undefined,
  ja: ProbeTextsJa | null,
): string {
  if (ja === null || !text) return english;
  return probeTextJa(ja, text) ?? english;
}
