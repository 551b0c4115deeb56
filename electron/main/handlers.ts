// What each IPC channel does in main, as plain Node: one module per feature under handlers/, each
// returning its slice of the channels (Electron Fiddle style), composed here. The desk (vault,
// inventory, audit, import, export, bundle) and the probes are injected, so the same handlers run
// inside Electron and in the end-to-end tests, bridged to a real browser page. Rules live in the
// services; a handler validates nothing (dispatch did), asks the person (dialogs) and shapes views.
import type { Handlers } from './dispatch.js';
import { appHandlers } from './handlers/app.js';
import { handlerContext, type MainDeps } from './handlers/context.js';
import { desktopHandlers } from './handlers/desktop.js';
import { exportHandlers } from './handlers/exports.js';
import { identityHandlers } from './handlers/identity.js';
import { oauthHandlers } from './handlers/oauth.js';
import { onboardingHandlers } from './handlers/onboarding.js';
import { programHandlers } from './handlers/programs.js';
import { settingsHandlers } from './handlers/settings.js';
import { testerHandlers } from './handlers/tester.js';
import { tokenHandlers } from './handlers/tokens.js';
import { vaultHandlers } from './handlers/vault.js';

export type { Dialogs, FilePurpose, MainDeps } from './handlers/context.js';

export function createHandlers(deps: MainDeps): Handlers {
  const context = handlerContext(deps);
  return {
    ...appHandlers(context),
    ...programHandlers(context),
    ...vaultHandlers(context),
    ...settingsHandlers(context),
    ...onboardingHandlers(context),
    ...identityHandlers(context),
    ...oauthHandlers(context),
    ...testerHandlers(context),
    ...exportHandlers(context),
    ...tokenHandlers(context),
    ...desktopHandlers(context),
  };
}
