// Dates as people read them, through Intl: "in 19 days", "12 Mar 2027", "Mar 2027", with the exact
// time (for a title on hover), in the app's locale ("19日後", "2027年3月12日" in Japanese). UTC throughout, as certificates count their validity in UTC.
/** The formats, each made when first used (an Intl formatter costs milliseconds to make). */
const FORMATS = {
  DAY: (tag: string) =>
    new Intl.DateTimeFormat(tag, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  MONTH: (tag: string) =>
    new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
  MONTH_ONLY: (tag: string) => new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' }),
  EXACT: (tag: string) =>
    new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' }),
  RELATIVE: (tag: string) => new Intl.RelativeTimeFormat(tag.slice(0, 2), { numeric: 'auto' }),
};
type Format = keyof typeof FORMATS;

/** The tag dates are written with: British English ("12 Mar 2027"), Japanese ("2027年3月12日"). */
const TAG = { en: 'en-GB', ja: 'ja-JP' } as const;

// Kept per locale and format: the app sets the locale on every render of its frame.
const made = new Map<string, ReturnType<(typeof FORMATS)[Format]>>();
let current: 'en' | 'ja' = 'en';
function use<F extends Format>(format: F): ReturnType<(typeof FORMATS)[F]> {
  const key = `${current} ${format}`;
  let formatter = made.get(key);
  if (formatter === undefined) {
    formatter = FORMATS[format](TAG[current]);
    made.set(key, formatter);
  }
  return formatter as ReturnType<(typeof FORMATS)[F]>;
}

/**
 * Makes every format of a locale once and uses it, so that ICU loads that locale's data (its
 * caches are the process's): renderer/intl-warm.ts does it as the page starts.
 */
export function warmDateFormats(locale: 'en' | 'ja'): void {
  for (const format of Object.keys(FORMATS) as Format[]) {
    const formatter = FORMATS[format](TAG[locale]);
    if (formatter instanceof Intl.RelativeTimeFormat) formatter.format(1, 'day');
    else formatter.format(0);
  }
}

/** The locale dates are written in: the app's (renderer/i18n), set as it changes. */
export function setDateLocale(locale: 'en' | 'ja'): void {
  current = locale;
}

/** "12 Mar 2027". */
export function humanDate(iso: string): string {
  return use('DAY').format(new Date(iso));
}

/** The exact instant, for a title: "Friday 12 March 2027 at 10:04:05 UTC". */
export function exactTime(iso: string): string {
  return use('EXACT').format(new Date(iso));
}

/** Whole days from now as words: "in 19 days", "tomorrow", "today", "3 days ago". */
export function relativeDays(days: number): string {
  return use('RELATIVE').format(days, 'day');
}

/** A month ("2027-03") as "Mar 2027", or "Mar" alone. */
export function monthName(month: string, withYear = true): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return use(withYear ? 'MONTH' : 'MONTH_ONLY').format(date);
}
