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
  /** A template edited by the user for this onboarding, replacing the profile's to build the CN. */
  commonNameTemplate?: string;
  /**
   * The layout Thales confirmed for this program (saved by the user). When set, a CN that differs
   * from it is an error; without it, a CN that differs from the profile's default layout is a
   * warning to confirm with Thales.
   */
  confirmedCommonNameTemplate?: string;
  /** A certificate expiring within this many days draws a warning. */
  expiringSoonDays: number;
}

export const DEFAULT_EXPIRING_SOON_DAYS = 30;
