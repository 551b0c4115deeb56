// The app's languages: message catalogues (English, the source, and Japanese) in ICU syntax,
// formatted by react-intl (FormatJS) for the active locale; dates, numbers, plurals and relative
// times go through Intl for the same locale (renderer/dates.ts follows it). The locale is the one
// chosen in Settings, or the system's: Japanese when the system's first language is Japanese,
// English otherwise. `en-XA` (the reserved pseudo-locale) shows every English message wrapped in
// ⟦ ⟧ and lengthened by a third, so a test can find text that does not come from a catalogue.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { FormattedMessage, IntlProvider, useIntl, type IntlShape } from 'react-intl';
import type { JapaneseTexts } from '../../shared/i18n/japanese.js';
import type { LanguageChoice } from '../../shared/settings.js';
import { en } from './en.js';

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;
/** A locale the app is shown in. */
export type AppLocale = 'en' | 'ja' | 'en-XA';

/**
 * The Japanese chunk (renderer/i18n/ja.ts): the catalogue and the Japanese texts of data
 * (shared/i18n/japanese.ts: errors, findings, diagnoses, test sentences, wizard words), fetched
 * once, when first needed: an English window never loads it.
 */
let japanese: Promise<void> | null = null;
let japaneseChunk: { messages: Messages; texts: JapaneseTexts } | null = null;
export function loadJapanese(): Promise<void> {
  japanese ??= import('./ja.js').then((m) => {
    japaneseChunk = { messages: m.ja, texts: m.JAPANESE_TEXTS };
  });
  return japanese;
}

/**
 * The Japanese texts of data, once loaded: a window in Japanese (or the pseudo-locale, which
 * marks what has a translation) has them before its first render; null in an English window.
 */
export function japaneseTexts(): JapaneseTexts | null {
  return japaneseChunk?.texts ?? null;
}

/** The pseudo-locale: each message wrapped in ⟦ ⟧ and lengthened, its ICU syntax left intact. */
export function pseudoMessages(source: Messages): Messages {
  return Object.fromEntries(
    Object.entries(source).map(([id, text]) => [
      id,
      `⟦${text}${'·'.repeat(Math.ceil(text.length / 3))}⟧`,
    ]),
  ) as Messages;
}

/** The system's locale as the app can show it. */
export function systemLocale(languages: readonly string[] = navigator.languages): AppLocale {
  const first = (languages[0] ?? 'en').toLowerCase();
  if (first === 'en-xa') return 'en-XA';
  return first === 'ja' || first.startsWith('ja-') ? 'ja' : 'en';
}

export function resolveLocale(choice: LanguageChoice): AppLocale {
  return choice === 'system' ? systemLocale() : choice;
}

/** The locale Intl formats dates and numbers in. */
export function intlLocale(locale: AppLocale): 'en' | 'ja' {
  return locale === 'ja' ? 'ja' : 'en';
}

/** The pseudo-locale's catalogue, made when first shown (an English window never needs it). */
let pseudo: Messages | null = null;

/**
 * The app in a locale. English is at hand; Japanese shows once its chunk has loaded, and so does
 * the pseudo-locale (it marks what has a Japanese translation): a switch keeps the screen as it
 * is, in the language it was in, until then (the tree below stays mounted, so nothing typed is
 * lost); a first start in Japanese shows nothing for that moment.
 */
export function I18n({ locale, children }: { locale: AppLocale; children: ReactNode }) {
  const [, setLoaded] = useState(false);
  useEffect(() => {
    if (locale === 'en' || japaneseChunk !== null) return;
    let current = true;
    void loadJapanese().then(() => {
      if (current) setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [locale]);
  const before = useRef<{ locale: AppLocale; messages: Messages } | null>(null);
  const shown =
    locale === 'en'
      ? { locale, messages: en }
      : japaneseChunk === null
        ? before.current
        : locale === 'en-XA'
          ? { locale, messages: (pseudo ??= pseudoMessages(en)) }
          : { locale, messages: japaneseChunk.messages };
  before.current = shown;
  if (shown === null) return null;
  return (
    <IntlProvider locale={intlLocale(shown.locale)} messages={shown.messages} defaultLocale="en">
      {children}
    </IntlProvider>
  );
}

export type Values = Record<string, string | number | Date | null | undefined>;
export type Translate = (id: MessageId, values?: Values) => string;

/** A message's formatter (react-intl's IntlMessageFormat), as used here. */
type MessageFormatter = { format(values?: Values): unknown };
/** Each message's formatter, made once per active catalogue (react-intl's intl object). */
const formatterCache = new WeakMap<IntlShape, Map<string, MessageFormatter>>();

/**
 * The active catalogue's message, formatted with its values (ICU plurals, numbers, dates). What
 * intl.formatMessage returns, without its cost per call (it looks each message's formatter up by
 * a JSON text of its arguments, the catalogue's formats included): a message with no argument,
 * quote or tag is its own text, and each other message's formatter is made once and kept.
 * Anything else (an error while formatting) goes through intl.formatMessage, which reports it.
 */
export function useT(): Translate {
  const intl = useIntl();
  return useMemo(() => {
    let made = formatterCache.get(intl);
    if (made === undefined) {
      made = new Map();
      formatterCache.set(intl, made);
    }
    const formatters = made;
    return (id, values) => {
      const message = intl.messages[id];
      if (typeof message !== 'string' || intl.timeZone !== undefined)
        return intl.formatMessage({ id }, values);
      if (!/[{}'<]/.test(message)) return message;
      try {
        let formatter = formatters.get(id);
        if (formatter === undefined) {
          formatter = intl.formatters.getMessageFormat(message, intl.locale, intl.formats, {
            formatters: intl.formatters,
          }) as MessageFormatter;
          formatters.set(id, formatter);
        }
        const text = formatter.format(values);
        if (typeof text === 'string') return text;
      } catch {
        // Said by formatMessage below.
      }
      return intl.formatMessage({ id }, values);
    };
  }, [intl]);
}

/** A message with elements among its values (a path in a monospace span, a button). */
export function Msg({ id, values }: { id: MessageId; values?: Record<string, ReactNode> }) {
  return <FormattedMessage id={id} values={values} />;
}

/** The active locale (for data that carries its own translations: diagnoses, program texts). */
export function useLocale(): 'en' | 'ja' {
  return useIntl().locale === 'ja' ? 'ja' : 'en';
}

/** The Japanese texts of data when the app is shown in Japanese; null otherwise (English). */
export function useJapaneseTexts(): JapaneseTexts | null {
  return useLocale() === 'ja' ? japaneseTexts() : null;
}
