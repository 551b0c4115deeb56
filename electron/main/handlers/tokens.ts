// PKCS#11 tokens: whether support is installed, the configured modules, their tokens and keys.
import { existsSync, statSync } from 'node:fs';
import { COMMON_MODULE_PATHS, TOKEN_TLS_IN_APP } from '../../../shared/pkcs11.js';
import type { Desk } from '../../services/desk.js';
import type { ErrorText } from '../../../shared/i18n/errors.js';
import { UserError } from '../../services/errors.js';
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels = 'tokens.state' | 'tokens.modules' | 'tokens.list' | 'tokens.keys';

function tokensState(desk: Desk) {
  const support = desk.tokens.support();
  return {
    available: support.available,
    reason: support.available ? null : support.reason,
    modules: desk.settings.get().pkcs11Modules,
    suggested: (COMMON_MODULE_PATHS[process.platform] ?? []).filter((path) => existsSync(path)),
    tlsInApp: TOKEN_TLS_IN_APP,
  };
}

/** Why a module list may not name this file, or null: a regular file only its owner (or root) can change. */
function moduleFileProblem(path: string): UserError | null {
  const refused = (message: string, text: ErrorText) =>
    new UserError('bad-input', message, { need: 'token-module' }, text);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return refused(`${path} does not exist: give the path of the token's PKCS#11 library`, {
      id: 'token.module-missing',
      params: { module: path },
    });
  }
  if (!stat.isFile())
    return refused(`${path} is not a file: give the path of the token's PKCS#11 library`, {
      id: 'token.module-not-file',
      params: { module: path },
    });
  if (!/\.(so(\.\d+)*|dylib|dll)$/i.test(path))
    return refused(
      `${path} is not a shared library (.so, .dylib or .dll): give the token's PKCS#11 library`,
      { id: 'token.module-not-library', params: { module: path } },
    );
  if (process.platform !== 'win32' && (stat.mode & 0o022) !== 0)
    return refused(
      `${path} can be changed by other users, so it is not loaded: ask your administrator to install the token's library where only they can change it`,
      { id: 'token.module-writable', params: { module: path } },
    );
  return null;
}

/**
 * The module a page request names, if main may load it: one in the configured list or a known
 * system location. Loading a library runs its code in main, so the page cannot name any file.
 */
export function pageModule(desk: Desk, path: string): string {
  const known = [
    ...desk.settings.get().pkcs11Modules,
    ...(COMMON_MODULE_PATHS[process.platform] ?? []),
  ];
  if (!known.includes(path))
    throw new UserError(
      'bad-input',
      `the PKCS#11 module ${path} is not in the list of modules: add it on the Tokens screen first`,
      { need: 'token-module' },
      { id: 'token.module-not-listed', params: { module: path } },
    );
  return path;
}

export function tokenHandlers({ desk }: HandlerContext): HandlerSlice<Channels> {
  return {
    'tokens.state': async () => tokensState(desk),
    'tokens.modules': async (request) => {
      const before = desk.settings.get().pkcs11Modules;
      for (const path of request.modules) {
        const problem = before.includes(path) ? null : moduleFileProblem(path);
        if (problem) throw problem;
      }
      desk.settings.update({ pkcs11Modules: request.modules });
      return tokensState(desk);
    },
    'tokens.list': async (request) => desk.tokens.list(pageModule(desk, request.module)),
    'tokens.keys': async (request) => ({
      keys: (await desk.tokens.keys({ ...request, module: pageModule(desk, request.module) })).map(
        (key) => ({
          uri: key.uri,
          label: key.label,
          algorithm: key.algorithm,
          publicKeySha256: key.publicKeySha256,
          sensitive: key.sensitive,
          neverExtractable: key.neverExtractable,
          certificates: key.certificates.map((c) => ({ subject: c.subject, notAfter: c.notAfter })),
          onboardings: desk.tokens.usedBy(key),
        }),
      ),
    }),
  };
}
