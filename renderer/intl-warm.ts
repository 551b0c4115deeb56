// `intl-warm.js`, a worker the start script starts (renderer/start.ts). The first Intl formatter a
// page makes loads ICU's locale data, 30–70 ms of the main thread just as the first screen draws;
// ICU keeps that data for the whole process, so making the same formatters here, on a worker's
// thread while the page loads its code, leaves the page's own first formatters about 1 ms each.
import { warmDateFormats } from './dates.js';

const locale = navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
// What react-intl makes for every message with a number or a plural (the home count, "10,000").
new Intl.NumberFormat(locale).format(10_000);
new Intl.PluralRules(locale).select(1);
warmDateFormats(locale);
close();
