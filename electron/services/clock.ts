// Time is injected everywhere so tests can move it (auto-lock, expiry warnings, delays).
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
