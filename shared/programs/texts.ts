// A program profile's texts in the app's language: each English text of a profile has its
// Japanese translation beside it (`summaryJa` next to `summary`…), required by the schema, so a
// profile missing one fails at load. Algorithm names, asset names and ids are never translated.
import type { ProgramAsset, ProgramEnvironment, ProgramProfile } from './schema.js';

export type ProfileLocale = 'en' | 'ja';

export function programSummary(profile: ProgramProfile, locale: ProfileLocale): string {
  return locale === 'ja' ? profile.summaryJa : profile.summary;
}

export function identifierLabel(profile: ProgramProfile, locale: ProfileLocale): string {
  return locale === 'ja' ? profile.identifier.labelJa : profile.identifier.label;
}

/** The identifier's pattern in words, for a message saying an identifier is not valid. */
export function identifierRule(profile: ProgramProfile, locale: ProfileLocale): string {
  return locale === 'ja' ? profile.identifier.ruleJa : profile.identifier.rule;
}

export function keyAlgorithmsWhy(profile: ProgramProfile, locale: ProfileLocale): string {
  return locale === 'ja' ? profile.keyAlgorithms.whyJa : profile.keyAlgorithms.why;
}

export function environmentName(environment: ProgramEnvironment, locale: ProfileLocale): string {
  return locale === 'ja' ? environment.displayNameJa : environment.displayName;
}

export function assetDescription(asset: ProgramAsset, locale: ProfileLocale): string {
  return locale === 'ja' ? asset.descriptionJa : asset.description;
}

/** The portal's name, in sentences of this language ("TSH ポータル"). */
export function portalName(
  portal: { name: string; nameJa: string },
  locale: ProfileLocale,
): string {
  return locale === 'ja' ? portal.nameJa : portal.name;
}

export function renewalText(profile: ProgramProfile, locale: ProfileLocale): string {
  return locale === 'ja' ? profile.renewalJa : profile.renewal;
}

/** Where an environment's default Thales endpoint comes from, as shown beside it. */
export function endpointSource(
  profile: ProgramProfile,
  environment: ProgramEnvironment,
  locale: ProfileLocale,
): string {
  if (locale === 'ja')
    return environment.inboundEndpointSourceJa ?? `${profile.displayName} 向けにThalesが公開`;
  return environment.inboundEndpointSource ?? `published by Thales for ${profile.displayName}`;
}
