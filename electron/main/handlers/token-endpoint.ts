// D1 Push Provisioning from the app: the outbound readiness check of an onboarding plus its OAuth
// token endpoint (what `check-server --token-endpoint` does). The client secret arrives once in the
// request, goes into this one check's requests and is dropped: no answer, progress line, log,
// audit entry or file holds it (the recorded result carries the client id, never the secret).
import type { OutboundReadinessResult, ProbeProgress } from '../../../shared/diagnoses.js';
import type { Requests } from '../../../shared/ipc-contract.js';
import type { Desk } from '../../services/desk.js';
import { UserError } from '../../services/errors.js';
import {
  checkTokenEndpoint,
  withTokenEndpointCheck,
} from '../../services/oauth/token-endpoint-check.js';
import { loadPemIdentity } from '../../services/probe/client-identity.js';
import { resolveName, systemDns, type DnsDependencies } from '../../services/probe/dns.js';
import { outboundCheckOf } from '../../services/probe/onboarding.js';
import { checkOutboundReadiness } from '../../services/probe/outbound.js';

export async function tokenEndpointTest(
  desk: Desk,
  request: Requests['test.tokenEndpoint'],
  chosenFile: (id: string) => string,
  common: {
    dns: DnsDependencies | undefined;
    signal: AbortSignal;
    onProgress: (p: ProbeProgress) => void;
    now: () => Date;
  },
): Promise<OutboundReadinessResult> {
  const base = outboundCheckOf(desk, request.onboardingId);
  const path = request.path ?? base.profile?.oauth?.outboundTokenPath;
  if (!path)
    throw new UserError(
      'bad-input',
      `${base.profile?.displayName ?? 'this program'} has no OAuth token endpoint for Thales to call: give its path`,
      {},
      {
        id: 'server.no-token-path',
        params: { program: base.profile?.displayName ?? '-' },
      },
    );
  if ((request.certificateFile === undefined) !== (request.keyFile === undefined))
    throw new UserError(
      'bad-input',
      'choose both the client certificate and its key, or neither',
      {},
      { id: 'server.certificate-and-key' },
    );
  const identity =
    request.certificateFile !== undefined
      ? await loadPemIdentity(
          chosenFile(request.certificateFile),
          chosenFile(request.keyFile!),
          undefined,
          { signal: common.signal },
        )
      : undefined;
  const checked = await checkOutboundReadiness({ ...base, ...common });
  common.onProgress({ step: 'token-endpoint', status: 'running' });
  // The address the outbound check's resolver gives, not a second, different lookup.
  const resolved = await resolveName(
    checked.target.host,
    common.dns ?? systemDns(),
    5000,
    common.signal,
  );
  return withTokenEndpointCheck(
    checked,
    await checkTokenEndpoint({
      ...checked.target,
      path,
      clientId: request.clientId,
      clientSecret: request.clientSecret,
      credentials: identity?.credentials,
      // Your own server chain, as registered for Thales, is what Thales pins: trust it here.
      trustPem: base.registeredChainPem ? [base.registeredChainPem] : undefined,
      signal: common.signal,
      address: resolved.addresses[0],
    }),
  );
}
