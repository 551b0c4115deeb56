// The desktop comforts: the clipboard. The Electron window is refused clipboard permission, so a
// copy goes through main, which writes with Electron's clipboard. The browser shell's main runs on
// a server that cannot reach the page's clipboard: it answers `written: false` and the page writes
// the same text itself with navigator.clipboard (allowed there: a loopback origin, a user gesture).
// One channel thus works in both shells, and the renderer has one copy path.
import { UserError } from '../../services/errors.js';
import type { HandlerContext, HandlerSlice } from './context.js';

export function desktopHandlers({ dialogs }: HandlerContext): HandlerSlice<'clipboard.write'> {
  return {
    'clipboard.write': async (request) => {
      // Only public material is ever copied.
      if (/PRIVATE KEY/.test(request.text))
        throw new UserError(
          'bad-input',
          'a private key is never put on the clipboard',
          {},
          { id: 'clipboard.private-key' },
        );
      if (!dialogs.copyText) return { written: false };
      await dialogs.copyText(request.text);
      return { written: true };
    },
  };
}
