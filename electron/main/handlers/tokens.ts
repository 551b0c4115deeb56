// PKCS#11 tokens: whether support is installed, the configured modules, their tokens and keys.
import { existsSync } from 'node:fs';
import { COMMON_MODULE_PATHS, TOKEN_TLS_IN_APP } from '../../../shared/pkcs11.js';
import type { Desk } from '../../services/desk.js';
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

export function tokenHandlers({ desk }: HandlerContext): HandlerSlice<Channels> {
  return {
    'tokens.state': async () => tokensState(desk),
    'tokens.modules': async (request) => {
      desk.settings.update({ pkcs11Modules: request.modules });
      return tokensState(desk);
    },
    'tokens.list': async (request) => desk.tokens.list(request.module),
    'tokens.keys': async (request) => ({
      keys: (await desk.tokens.keys(request)).map((key) => ({
        uri: key.uri,
        label: key.label,
        algorithm: key.algorithm,
        publicKeySha256: key.publicKeySha256,
        sensitive: key.sensitive,
        neverExtractable: key.neverExtractable,
        certificates: key.certificates.map((c) => ({ subject: c.subject, notAfter: c.notAfter })),
        onboardings: desk.tokens.usedBy(key),
      })),
    }),
  };
}
