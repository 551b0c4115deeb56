// A message as data: a stable id and the parameters its template fills in. Findings and service
// errors carry one beside their English sentence, so the app can say the same in its language
// from the Japanese templates (ICU, findings.ja.json and errors.ja.json, keyed by the same ids);
// the command line keeps the English sentence. Pure: no Node, no DOM.

/** The values a template fills in (names, counts, lists already joined). */
export type MessageParams = Record<string, string | number>;

export interface MessageText<Id extends string = string> {
  id: Id;
  params?: MessageParams;
}

/** The locales a text carried as data is shown in (the pseudo-locale shows the English). */
export type TextLocale = 'en' | 'ja';
