// The app's languages: message catalogues (English, the source, and Japanese) in ICU syntax,
// formatted by react-intl (FormatJS) for the active locale; dates, numbers, plurals and relative
// times go through Intl for the same locale (renderer/dates.ts follows it). The locale is the one
// chosen in Settings, or the system's: Japanese when the system's first language is Japanese,
// English otherwise. `en-XA` (the reserved pseudo-locale) shows every English message wrapped in
// ⟦ ⟧ and lengthened by a third, so a test can find text that does not come from a catalogue.
import type { ReactNode } from 'react';
import { FormattedMessage, IntlProvider, useIntl } from 'react-intl';
import type { LanguageChoice } from '../../shared/settings.js';
import { en, ja } from './catalogues.js';

export type MessageId = keyof typeof en;
export type Messages = Record<MessageId, string>;
/** A locale the app is shown in. */
export type AppLocale = 'en' | 'ja' | 'en-XA';

export const CATALOGUES: Record<'en' | 'ja', Messages> = { en, ja };

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

function messagesOf(locale: AppLocale): Messages {
  return locale === 'en-XA' ? pseudoMessages(en) : CATALOGUES[locale];
}

export function I18n({ locale, children }: { locale: AppLocale; children: ReactNode }) {
  return (
    <IntlProvider locale={intlLocale(locale)} messages={messagesOf(locale)} defaultLocale="en">
      {children}
    </IntlProvider>
  );
}

export type Values = Record<string, string | number | Date | null | undefined>;
export type Translate = (id: MessageId, values?: Values) => string;

/** The active catalogue's message, formatted with its values (ICU plurals, numbers, dates). */
export function useT(): Translate {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values);
}

/** A message with elements among its values (a path in a monospace span, a button). */
export function Msg({ id, values }: { id: MessageId; values?: Record<string, ReactNode> }) {
  return <FormattedMessage id={id} values={values} />;
}

/** The active locale (for data that carries its own translations: diagnoses, program texts). */
export function useLocale(): 'en' | 'ja' {
  return useIntl().locale === 'ja' ? 'ja' : 'en';
}
