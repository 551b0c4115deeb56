// Pure rules of an onboarding's derived status, for every layer: how many whole days a certificate
// has left, which warning threshold that reaches, and which of several step states is the worst
// (an onboarding's overall state is its worst step's).
import { DAY_MS } from './artifact-facts.js';
import type { StepStatus } from './ipc-channels.js';
import { ENVIRONMENT_DISPLAY_NAMES, type AssetName } from './programs/names.js';
import type { EnvironmentId, ProgramProfile } from './programs/schema.js';

const SEVERITY: Record<StepStatus, number> = { done: 0, expiring: 1, missing: 2, failing: 3 };

/** The worst of some step states ('done' for none). */
export function worstStatus(statuses: readonly StepStatus[]): StepStatus {
  return statuses.reduce<StepStatus>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'done');
}

/** Whole days from `nowMs` until `notAfter` (an ISO date), negative once it has passed. */
export function daysLeftUntil(notAfter: string, nowMs: number): number {
  return Math.floor((Date.parse(notAfter) - nowMs) / DAY_MS);
}

/**
 * The tightest warning threshold reached (e.g. 30 of 90/30/7 at 20 days left), 0 once expired,
 * null when none is reached.
 */
export function expiryWarning(daysLeft: number, thresholds: readonly number[]): number | null {
  if (daysLeft < 0) return 0;
  let warning: number | null = null;
  for (const t of thresholds) if (daysLeft <= t && (warning === null || t < warning)) warning = t;
  return warning;
}

/** The kinds of certificate the home timeline stacks: yours for the client side, your server's, Thales's. */
export const CERTIFICATE_KINDS = ['client', 'server', 'thales'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** What each kind is called in the timeline's legend and its bars' titles. */
export const CERTIFICATE_KIND_NAMES: Record<CertificateKind, string> = {
  client: 'Your client certificate',
  server: 'Your server chain',
  thales: 'Thales certificates',
};

/** The kind of certificate an asset holds (its own certificates are "client" unless they are the server chain; Thales's are "thales"). */
export function certificateKind(asset: AssetName): CertificateKind {
  if (asset === 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN') return 'server';
  if (asset === 'CUSTOMER_TLS_CLIENT_CERTIFICATE' || asset === 'THALES_SIGNED_CLIENT_CERTIFICATE')
    return 'client';
  return 'thales';
}

/** Environments of no known program (an external profile removed since) are called this. */
const ENVIRONMENT_FALLBACK: Record<EnvironmentId, string> = ENVIRONMENT_DISPLAY_NAMES;

/** An environment as the person reads it: the program profile's display name, never the id. */
export function environmentName(profile: ProgramProfile | undefined, id: EnvironmentId): string {
  return profile?.environments.find((e) => e.id === id)?.displayName ?? ENVIRONMENT_FALLBACK[id];
}
