// The native parts of the window (dialogs, menus, the title bar, scroll bars) follow the theme
// chosen in Settings: Electron's nativeTheme.themeSource is set from the kept choice at start and
// again after every settings.update. Here rather than in the handlers, which also run in the
// browser shell without Electron; the services never see Electron.
import type { ThemeChoice } from '../../shared/settings.js';
import type { Handlers } from './dispatch.js';

/** What of Electron's nativeTheme this needs (the contract test's stand-in records it). */
export interface NativeThemeTarget {
  themeSource: ThemeChoice;
}

/** Applies the kept choice now, and returns the handlers with settings.update applying each new one. */
export function followThemeChoice(
  nativeTheme: NativeThemeTarget,
  kept: ThemeChoice | undefined,
  handlers: Handlers,
): Handlers {
  nativeTheme.themeSource = kept ?? 'system';
  const update = handlers['settings.update'];
  return {
    ...handlers,
    'settings.update': async (request) => {
      const settings = await update(request);
      nativeTheme.themeSource = settings.theme;
      return settings;
    },
  };
}
