// Dates as people read them, through Intl: "in 19 days", "12 Mar 2027", "Mar 2027", with the exact
// time (for a title on hover). UTC throughout, as certificates count their validity in UTC.
const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const MONTH_ONLY = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const EXACT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'full',
  timeStyle: 'long',
  timeZone: 'UTC',
});
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "12 Mar 2027". */
export function humanDate(iso: string): string {
  return DAY.format(new Date(iso));
}

/** The exact instant, for a title: "Friday 12 March 2027 at 10:04:05 UTC". */
export function exactTime(iso: string): string {
  return EXACT.format(new Date(iso));
}

/** Whole days from now as words: "in 19 days", "tomorrow", "today", "3 days ago". */
export function relativeDays(days: number): string {
  return RELATIVE.format(days, 'day');
}

/** A month ("2027-03") as "Mar 2027", or "Mar" alone. */
export function monthName(month: string, withYear = true): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return (withYear ? MONTH : MONTH_ONLY).format(date);
}
