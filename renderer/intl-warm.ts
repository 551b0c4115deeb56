// The first screen's Intl, made early. A page's first use of Intl loads ICU's locale data and each
// Intl constructor's list of available locales: 50–100 ms of the main thread, which the first
// render would otherwise pay (react-intl asks the number and date constructors for their locales,
// the list formats numbers and dates). ICU keeps all of it for the whole process, so the start
// script does it in a task of its own while the page waits for its code to download and compile,
// and the first render finds it ready. (A worker did it once: on a 2-core machine its thread and
// isolate cost more than they hid.)
import { warmDateFormats } from './dates.js';

export function warmIntl(language: string): void {
  const locale = language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  const constructors: Array<{ supportedLocalesOf(locales: string): string[] }> = [
    Intl.NumberFormat,
    Intl.DateTimeFormat,
    Intl.PluralRules,
    Intl.RelativeTimeFormat,
  ];
  for (const constructor of constructors) constructor.supportedLocalesOf(locale);
  // What react-intl makes for a message with a number or a plural (the home count, "10,000").
  new Intl.NumberFormat(locale).format(10_000);
  new Intl.PluralRules(locale).select(1);
  warmDateFormats(locale);
}
