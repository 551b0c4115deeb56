// The identifier Thales gave (customer identifier, merchantGatewayId, issuerId): one check, with
// one message, for the CLI, the services and the form. The form words the same fault in the app's
// language from `identifierFault` (renderer/screens/new-onboarding.tsx); a refusal from main
// carries it as data (`identifierProblemText`).
import type { ErrorText } from './i18n/errors.js';
import type { ProgramProfile } from './programs/schema.js';

const SHOWN_LENGTH = 24;

/** What is wrong with an identifier: empty, or not matching (the value as shown, cut when long, and its length). */
export type IdentifierFault = { empty: true } | { empty: false; shown: string; length: number };

/** The fault of an identifier for this program, or null when it is fine. */
export function identifierFault(
  profile: ProgramProfile,
  identifier: string,
): IdentifierFault | null {
  if (identifier.trim() === '') return { empty: true };
  if (new RegExp(profile.identifier.pattern).test(identifier)) return null;
  const characters = [...identifier];
  const shown =
    characters.length > SHOWN_LENGTH
      ? `${characters.slice(0, SHOWN_LENGTH).join('')}…`
      : identifier;
  return { empty: false, shown, length: characters.length };
}

/** The same problem as data (an id and params), for the app's other languages. */
export function identifierProblemText(
  profile: ProgramProfile,
  identifier: string,
): ErrorText | undefined {
  const { labelJa: label, example } = profile.identifier;
  const fault = identifierFault(profile, identifier);
  if (fault === null) return undefined;
  if (fault.empty) return { id: 'identifier.empty', params: { label, example } };
  return {
    id: 'identifier.invalid',
    params: { label, value: fault.shown, length: fault.length, example },
  };
}

/** What is wrong with an identifier for this program, in one sentence, or null when it is fine. */
export function identifierProblem(profile: ProgramProfile, identifier: string): string | null {
  const { label, rule, example } = profile.identifier;
  const fault = identifierFault(profile, identifier);
  if (fault === null) return null;
  if (fault.empty) return `the ${label} is empty: give it as Thales knows it (e.g. ${example})`;
  const length = `${fault.length} character${fault.length === 1 ? '' : 's'}`;
  return `the ${label} "${fault.shown}" (${length}) is not valid: use ${rule} (e.g. ${example})`;
}
