// `intl-warm.js`, a worker the start script starts (renderer/start.ts). A page's first use of Intl
// loads ICU's locale data and each Intl constructor's list of available locales: 50–100 ms of the
// main thread, just as the first screen draws (react-intl asks each constructor for its locales,
// the list formats numbers and dates). Both are kept for the whole process, so doing the same here,
// on a worker's thread while the page loads its code, leaves the page's own first uses about 1 ms.
import { warmDateFormats } from './dates.js';

const locale = navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
const constructors: Array<{ supportedLocalesOf(locales: string): string[] }> = [
  Intl.NumberFormat,
  Intl.DateTimeFormat,
  Intl.PluralRules,
  Intl.RelativeTimeFormat,
  Intl.ListFormat,
  Intl.DisplayNames,
];
for (const constructor of constructors) constructor.supportedLocalesOf(locale);
// What react-intl makes for a message with a number or a plural (the home count, "10,000").
new Intl.NumberFormat(locale).format(10_000);
new Intl.PluralRules(locale).select(1);
warmDateFormats(locale);
close();
