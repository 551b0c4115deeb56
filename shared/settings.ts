// The limits of the desk's settings, in one place for the CLI, the IPC schema, main and the
// Settings screen. Pure: no Node, no DOM.

/** The vault locks itself after this many idle minutes; 0 means never. */
export const AUTO_LOCK_MINUTES = { min: 0, max: 24 * 60, default: 15, never: 0 } as const;

/** Certificate expiry warnings, in days before expiry. */
export const WARNING_DAYS = { min: 1, max: 365, default: [90, 30, 7] } as const;

/** Why this auto-lock value is refused, or null. */
export function autoLockProblem(minutes: number): string | null {
  return Number.isInteger(minutes) &&
    minutes >= AUTO_LOCK_MINUTES.min &&
    minutes <= AUTO_LOCK_MINUTES.max
    ? null
    : `the auto-lock time is a whole number of minutes from ${AUTO_LOCK_MINUTES.min} (never lock) to ${AUTO_LOCK_MINUTES.max} (a day)`;
}

/** Why these expiry warnings are refused, or null. */
export function warningDaysProblem(days: readonly number[]): string | null {
  if (
    days.length === 0 ||
    days.some((d) => !Number.isInteger(d) || d < WARNING_DAYS.min || d > WARNING_DAYS.max)
  )
    return `expiry warnings are whole numbers of days from ${WARNING_DAYS.min} to ${WARNING_DAYS.max}`;
  return null;
}

/** How the auto-lock setting reads to a person. */
export function describeAutoLock(minutes: number): string {
  return minutes === AUTO_LOCK_MINUTES.never ? 'never' : `after ${minutes} min idle`;
}
