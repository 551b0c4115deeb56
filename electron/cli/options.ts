// Options several commands declare alike (see define.ts): one wording for each.
import type { OptionSpec } from './define.js';

export const PASSPHRASE_SPECS = {
  'passphrase-env': {
    type: 'string',
    value: 'VAR',
    description: 'the environment variable that holds the passphrase (never the passphrase itself)',
  },
  'passphrase-file': {
    type: 'string',
    value: 'FILE',
    description: 'a file (mode 600) that holds the passphrase',
  },
} as const satisfies Record<string, OptionSpec>;

export const PROGRAM_SPECS = {
  program: { type: 'string', value: 'ID', description: 'the Thales program (mtls-desk programs)' },
  env: { type: 'string', value: 'ID', description: "the program's environment" },
} as const satisfies Record<string, OptionSpec>;

export const ONBOARDING_SPEC = {
  onboarding: {
    type: 'string',
    value: 'ID',
    description: 'the onboarding (mtls-desk onboarding list)',
  },
} as const satisfies Record<string, OptionSpec>;

/** A number of days the CLI takes; the services apply the program's own limits. */
export const DAYS = { min: 1, max: 36_500, unit: 'days' } as const;

export const EXPIRING_WITHIN_SPEC = {
  'expiring-within': {
    type: 'string',
    value: 'DAYS',
    description: 'only what expires within DAYS days',
    integer: { ...DAYS, min: 0 },
  },
} as const satisfies Record<string, OptionSpec>;
