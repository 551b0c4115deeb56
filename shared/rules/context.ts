import type { EnvironmentId, ProgramProfile } from '../programs/schema.js';

/** Everything a rule may consult besides the artifact itself. */
export interface LintContext {
  profile: ProgramProfile;
  environmentId: EnvironmentId;
  now: Date;
  /** The exact CN the portal gave (programs whose CN is an exact value). */
  expectedCommonName?: string;
  /** The identifier (customer id, merchantGatewayId, issuerId), to build a templated CN. */
  identifier?: string;
  /** A template edited by the user, replacing the profile's. */
  commonNameTemplate?: string;
  /** A certificate expiring within this many days draws a warning. */
  expiringSoonDays: number;
}

export const DEFAULT_EXPIRING_SOON_DAYS = 30;
