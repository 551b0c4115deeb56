// The identifier Thales gave (customer identifier, merchantGatewayId, issuerId): one check, with
// one message, for the CLI, the services and the form.
import type { ErrorText } from './i18n/errors.js';
import type { ProgramProfile } from './programs/schema.js';

const SHOWN_LENGTH = 24;

/** The identifier as a message shows it: cut after 24 characters. */
function shownValue(identifier: string): string {
  const chars = [...identifier];
  return chars.length > SHOWN_LENGTH ? `${chars.slice(0, SHOWN_LENGTH).join('')}…` : identifier;
}

/** The same problem as data (an id and params), for the app's other languages. */
export function identifierProblemText(
  profile: ProgramProfile,
  identifier: string,
): ErrorText | undefined {
  const { labelJa: label, pattern, example } = profile.identifier;
  if (identifier.trim() === '') return { id: 'identifier.empty', params: { label, example } };
  if (new RegExp(pattern).test(identifier)) return undefined;
  return {
    id: 'identifier.invalid',
    params: { label, value: shownValue(identifier), length: [...identifier].length, example },
  };
}

/** What is wrong with an identifier for this program, in one sentence, or null when it is fine. */
export function identifierProblem(profile: ProgramProfile, identifier: string): string | null {
  const { label, pattern, rule, example } = profile.identifier;
  if (identifier.trim() === '')
    return `the ${label} is empty: give it as Thales knows it (e.g. ${example})`;
  if (new RegExp(pattern).test(identifier)) return null;
  const length = [...identifier].length;
  const shown =
    length > SHOWN_LENGTH
      ? `"${[...identifier].slice(0, SHOWN_LENGTH).join('')}…" (${length} characters)`
      : `"${identifier}" (${length} character${length === 1 ? '' : 's'})`;
  return `the ${label} ${shown} is not valid: use ${rule} (e.g. ${example})`;
}
