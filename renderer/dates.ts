// Dates as people read them, through Intl: "in 19 days", "12 Mar 2027", "Mar 2027", with the exact
// time (for a title on hover), in the app's locale ("19日後", "2027年3月12日" in Japanese). UTC throughout, as certificates count their validity in UTC.
function formatters(locale: 'en' | 'ja') {
  const tag = locale === 'ja' ? 'ja-JP' : 'en-GB';
  return {
    DAY: new Intl.DateTimeFormat(tag, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    }),
    MONTH: new Intl.DateTimeFormat(tag, { month: 'short', year: 'numeric', timeZone: 'UTC' }),
    MONTH_ONLY: new Intl.DateTimeFormat(tag, { month: 'short', timeZone: 'UTC' }),
    EXACT: new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'long', timeZone: 'UTC' }),
    RELATIVE: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  };
}

// Made when first used and kept per locale: an Intl formatter costs milliseconds to make, and the
// app sets the locale on every render of its frame.
const made = new Map<'en' | 'ja', ReturnType<typeof formatters>>();
let current: 'en' | 'ja' = 'en';
function use(): ReturnType<typeof formatters> {
  let these = made.get(current);
  if (these === undefined) {
    these = formatters(current);
    made.set(current, these);
  }
  return these;
}

/** The locale dates are written in: the app's (renderer/i18n), set as it changes. */
export function setDateLocale(locale: 'en' | 'ja'): void {
  current = locale;
}

/** "12 Mar 2027". */
export function humanDate(iso: string): string {
  return use().DAY.format(new Date(iso));
}

/** The exact instant, for a title: "Friday 12 March 2027 at 10:04:05 UTC". */
export function exactTime(iso: string): string {
  return use().EXACT.format(new Date(iso));
}

/** Whole days from now as words: "in 19 days", "tomorrow", "today", "3 days ago". */
export function relativeDays(days: number): string {
  return use().RELATIVE.format(days, 'day');
}

/** A month ("2027-03") as "Mar 2027", or "Mar" alone. */
export function monthName(month: string, withYear = true): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  const { MONTH, MONTH_ONLY } = use();
  return (withYear ? MONTH : MONTH_ONLY).format(date);
}
