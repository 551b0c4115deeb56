// Service errors in the app's language: English is each UserError's own message (what the CLI
// says); Japanese is the template of errors.ja.json keyed by the id the error carries, filled in
// from its params (ICU syntax, formatted by the renderer). Where an error names what is needed
// next (shared/needs.ts), the app adds where to do it: needs.ja.json says that in Japanese, as
// electron/main/app-wording.ts does in English. Pure: no Node, no DOM.
import type { Need } from '../needs.js';
import errorsJa from './errors.ja.json';
import needsJa from './needs.ja.json';
import probeErrorsJa from './probe-errors.ja.json';
import type { MessageParams, MessageText } from './message-text.js';

// The connection test's own errors are kept in probe-errors.ja.json, beside its sentences.
const ja = { ...errorsJa, ...probeErrorsJa };

/** The id of an error's Japanese template. */
export type ErrorMessageId = Extract<keyof typeof ja, string>;

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

export const ERRORS_JA: Readonly<Record<ErrorMessageId, string>> = ja;

/** Where the app lets the person do what a need asks, in Japanese; '' where the screen asks itself. */
export const NEEDS_JA: Readonly<Record<Need, string>> = needsJa;

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
export function errorTemplateJa(id: string | undefined): string | null {
  return id !== undefined && Object.hasOwn(ERRORS_JA, id) ? ERRORS_JA[id as ErrorMessageId] : null;
}
