// How the app looks, as Settings keeps it (in main, with the other settings): the colour theme
// and the language.
// Read once at start (before the vault is unlocked, so the unlock screen follows it too) and
// changed from Settings; every change is applied to the page at once.
import { useSyncExternalStore } from 'react';
import type { LanguageChoice, ThemeChoice } from '../shared/settings.js';

export interface Preferences {
  theme: ThemeChoice;
  language: LanguageChoice;
}

let current: Preferences = { theme: 'system', language: 'system' };
const listeners = new Set<() => void>();

/** The theme on <html>: no attribute follows the system (prefers-color-scheme, styles.css). */
function apply(p: Preferences): void {
  const root = document.documentElement;
  if (p.theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = p.theme;
}

export function setPreferences(next: Partial<Preferences>): void {
  current = { ...current, ...next };
  apply(current);
  for (const listener of listeners) listener();
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
