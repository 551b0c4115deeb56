// The one rule for passphrases the person chooses (the master passphrase and the passphrase of an
// exported key): its minimum length and the strength feedback, the same in the CLI, main and the
// page. Pure: no Node, no DOM.
import type { ErrorText } from './i18n/errors.js';

export const MIN_PASSPHRASE_LENGTH = 8;

export type PassphraseKind = 'master' | 'export';

const WHAT: Record<PassphraseKind, string> = {
  master: 'the master passphrase',
  export: 'the export passphrase',
};

/** Why this new passphrase is refused (one sentence), or null when it is long enough. */
export function passphraseProblem(passphrase: string, kind: PassphraseKind): string | null {
  // Code points, not UTF-16 units: an emoji is one character to the person typing it.
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH)
    return `${WHAT[kind]} must have at least ${MIN_PASSPHRASE_LENGTH} characters (it has ${length}): choose a longer one`;
  return null;
}

/** The same problem as data (an id and params), for the app's other languages. */
export function passphraseProblemText(
  passphrase: string,
  kind: PassphraseKind,
): ErrorText | undefined {
  const length = [...passphrase].length;
  return length < MIN_PASSPHRASE_LENGTH
    ? { id: 'passphrase.too-short', params: { kind, min: MIN_PASSPHRASE_LENGTH, length } }
    : undefined;
}

export type StrengthLevel = 'too short' | 'weak' | 'fair' | 'strong';

export interface PassphraseStrength {
  level: StrengthLevel;
  /** A rough estimate of the guessing work, in bits. */
  bits: number;
  /** One short sentence for the person. */
  hint: string;
}

/**
 * A rough strength estimate: the character classes used, times the length, lowered for repeats
 * and runs of one character. Not a dictionary check: a long phrase of several words is the advice.
 */
export function passphraseStrength(passphrase: string): PassphraseStrength {
  const chars = [...passphrase];
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^A-Za-z0-9]/.test(passphrase)) pool += 33;
  const distinct = new Set(chars).size;
  // Repeated characters add little: count each distinct character fully, repeats at a quarter.
  const effective = distinct + (chars.length - distinct) / 4;
  const bits = Math.round(effective * Math.log2(Math.max(pool, 2)));
  if (chars.length < MIN_PASSPHRASE_LENGTH)
    return {
      level: 'too short',
      bits,
      hint: `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`,
    };
  if (bits < 45)
    return {
      level: 'weak',
      bits,
      hint: 'Weak: add more words or characters (a phrase of four or more words is best).',
    };
  if (bits < 70)
    return { level: 'fair', bits, hint: 'Fair: a few more words would make it strong.' };
  return { level: 'strong', bits, hint: 'Strong.' };
}
