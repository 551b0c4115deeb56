// Small questions asked of a program profile, without zod, so the renderer can use them.
import type { ProgramEnvironment, ProgramProfile, UnconfirmedRule } from './schema.js';
import { endpointSource } from './texts.js';

/** What the program leaves to the Thales representative for this rule, or null when it is published. */
export function unconfirmedRule(
  profile: ProgramProfile,
  rule: UnconfirmedRule['rule'],
): UnconfirmedRule | null {
  return profile.unconfirmed.find((u) => u.rule === rule) ?? null;
}

/** The default Thales endpoint of an environment, with where it comes from, or null. */
export function defaultInboundEndpoint(
  profile: ProgramProfile,
  environmentId: string,
): { url: string; source: string } | null {
  const env: ProgramEnvironment | undefined = profile.environments.find(
    (e) => e.id === environmentId,
  );
  if (!env?.inboundEndpoint) return null;
  return {
    url: env.inboundEndpoint,
    source: endpointSource(profile, env, 'en'),
  };
}
