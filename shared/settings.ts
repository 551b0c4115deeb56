// The limits of the desk's settings, in one place for the CLI, the IPC schema, main and the
// Settings screen. Pure: no Node, no DOM.

/** The vault locks itself after this many idle minutes; 0 means never. */
export const AUTO_LOCK_MINUTES = { min: 0, max: 24 * 60, default: 15, never: 0 } as const;

/** Certificate expiry warnings: three, in days before expiry, the earliest first. */
export const WARNING_DAYS = { min: 1, max: 365, count: 3, default: [90, 30, 7] } as const;

/** The colour theme: the system's (prefers-color-scheme), or always light, or always dark. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEMES)[number];

/** The app's language: the system's (English unless it is Japanese), or always one of these. */
export const LANGUAGES = ['system', 'en', 'ja'] as const;
export type LanguageChoice = (typeof LANGUAGES)[number];

/** Why this auto-lock value is refused, or null. */
export function autoLockProblem(minutes: number): string | null {
  return Number.isInteger(minutes) &&
    minutes >= AUTO_LOCK_MINUTES.min &&
    minutes <= AUTO_LOCK_MINUTES.max
    ? null
    : `the auto-lock time is a whole number of minutes from ${AUTO_LOCK_MINUTES.min} (never lock) to ${AUTO_LOCK_MINUTES.max} (a day)`;
}

/** Why one expiry warning is refused (a phrase to follow the field's name), or null. */
export function warningDayProblem(day: number): string | null {
  return Number.isInteger(day) && day >= WARNING_DAYS.min && day <= WARNING_DAYS.max
    ? null
    : `a whole number of days from ${WARNING_DAYS.min} to ${WARNING_DAYS.max}`;
}

/** Why the warnings' order is refused (a sentence), or null. */
export function warningOrderProblem(days: readonly number[]): string | null {
  return days.every((day, i) => i === 0 || day < days[i - 1])
    ? null
    : `Each warning comes fewer days before expiry than the one before it (for example ${WARNING_DAYS.default.join(', ')}).`;
}

/** Why these expiry warnings are refused, or null: three whole days in range, the earliest first. */
export function warningDaysProblem(days: readonly number[]): string | null {
  if (days.length !== WARNING_DAYS.count)
    return `give ${WARNING_DAYS.count} expiry warnings, the earliest first (for example ${WARNING_DAYS.default.join(',')}); ${days.length} were given`;
  const dayProblem = days.map(warningDayProblem).find((p) => p !== null);
  if (dayProblem) return `each expiry warning is ${dayProblem}`;
  return warningOrderProblem(days);
}

/** The stored warnings, or the defaults when what is stored breaks the rule (an older version's). */
export function effectiveWarningDays(days: readonly number[] | undefined): number[] {
  return days !== undefined && warningDaysProblem(days) === null
    ? [...days]
    : [...WARNING_DAYS.default];
}

/** How the auto-lock setting reads to a person. */
export function describeAutoLock(minutes: number): string {
  return minutes === AUTO_LOCK_MINUTES.never ? 'never' : `after ${minutes} min idle`;
}
