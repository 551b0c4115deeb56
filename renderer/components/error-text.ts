// Problems the page finds itself with a shared check, in the active locale: the English sentence
// of the check, or its Japanese from the same id and params main would send (shared/i18n).
import { identifierProblem, identifierProblemText } from '../../shared/identifier.js';
import { errorTemplateJa } from '../../shared/i18n/errors.js';
import type { ProgramProfile } from '../../shared/programs/schema.js';
import { useLocale } from '../i18n/index.js';
import { formatJa } from './data-text.js';

/** What is wrong with the identifier typed so far (null when it is fine or still empty). */
export function useIdentifierProblem(
  profile: ProgramProfile | undefined,
  identifier: string,
): string | null {
  const locale = useLocale();
  if (!profile || identifier === '') return null;
  const english = identifierProblem(profile, identifier);
  const text = identifierProblemText(profile, identifier);
  const template = locale === 'ja' ? errorTemplateJa(text?.id) : null;
  return template === null || english === null ? english : formatJa(template, text?.params);
}
