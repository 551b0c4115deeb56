// Service errors in the app's language: English is each UserError's own message (what the CLI
// says); Japanese is the template of errors.ja.json keyed by the id the error carries, filled in
// from its params (ICU syntax, formatted by the renderer). Where an error names what is needed
// next (shared/needs.ts), the app adds where to do it: needs.ja.json says that in Japanese, as
// electron/main/app-wording.ts does in English. The tables are in the Japanese texts
// (shared/i18n/japanese.ts), given by the caller. Pure: no Node, no DOM.
import type errorsJa from './errors.ja.json';
import type { JapaneseTexts } from './japanese.js';
import type { MessageParams, MessageText } from './message-text.js';
import type probeErrorsJa from './probe-errors.ja.json';

/**
 * The id of an error's Japanese template (errors.ja.json; the connection test's own errors are
 * kept in probe-errors.ja.json, beside its sentences).
 */
export type ErrorMessageId = Extract<keyof typeof errorsJa | keyof typeof probeErrorsJa, string>;

/** A finding an error's sentence quotes (a refused import's first problem), by its id and params. */
export interface FindingParam {
  id: string;
  params?: MessageParams;
}

/** An error's text as data: a known id and the values its template fills in. */
export interface ErrorText extends MessageText<ErrorMessageId> {
  /** Values that are a finding, said in the app's language (its message and what to do). */
  findingParams?: Record<string, FindingParam>;
}

/**
 * What an error reads from (its `source` param) when no file name says it: the services' fixed
 * English names for a paste or a file they have no name for, in Japanese.
 */
const SOURCES_JA: Readonly<Record<string, string>> = {
  'pasted text': '貼り付けたテキスト',
  'the PEM text': 'PEM テキスト',
  'the PKCS#12 file': 'PKCS#12 ファイル',
  'the file': 'ファイル',
};

/** A `source` param in Japanese: a fixed name translated (with its "#2" of a bundle), a file name as is. */
export function sourceJa(source: string): string {
  const [, name, number] = /^(.*?)( #\d+)?$/.exec(source) ?? [];
  return Object.hasOwn(SOURCES_JA, name) ? `${SOURCES_JA[name]}${number ?? ''}` : source;
}

/** The Japanese template of an error id, or null when the id has none (the error stays English). */
export function errorTemplateJa(
  ja: Pick<JapaneseTexts, 'errors'>,
  id: string | undefined,
): string | null {
  return id !== undefined && Object.hasOwn(ja.errors, id) ? ja.errors[id as ErrorMessageId] : null;
}
