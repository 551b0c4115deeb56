// D1 OAuth 2.0: the signing key (made, renewed), its kid, Thales's confirmation, the endpoints.
import type { HandlerContext, HandlerSlice } from './context.js';

type Channels =
  | 'oauth.get'
  | 'oauth.generate'
  | 'oauth.renew'
  | 'oauth.setKid'
  | 'oauth.confirm'
  | 'oauth.endpoints';

export function oauthHandlers({ desk }: HandlerContext): HandlerSlice<Channels> {
  return {
    'oauth.get': async (request) => desk.oauth.state(request.onboardingId),
    'oauth.generate': async (request) => {
      await desk.oauth.generate({ onboardingId: request.onboardingId, kid: request.kid });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.renew': async (request) => {
      await desk.oauth.renew({ onboardingId: request.onboardingId, kid: request.kid });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.setKid': async (request) => {
      desk.oauth.setKid({ onboardingId: request.onboardingId, kid: request.kid });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.confirm': async (request) => {
      desk.oauth.confirm({ onboardingId: request.onboardingId, confirmed: request.confirmed });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.endpoints': async (request) =>
      desk.oauth.setEndpoints({
        onboardingId: request.onboardingId,
        tokenUrl: request.tokenUrl,
        apiPath: request.apiPath,
      }),
  };
}
