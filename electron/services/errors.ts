// One error type for everything a person can fix: bad input, wrong passphrase, a refused action.
// The message says what is wrong and what to do in words for any caller; it never names a CLI flag
// or command. The details carry the rest as data (shared/needs.ts): the CLI adds its options and
// commands from its one hint table (electron/cli/hints.ts, exit code 2), the app the wizard step or
// field (electron/main/app-wording.ts, IPC sends { code, message }). An error a person meets in the
// app also carries its text as data (an id and params, shared/i18n/errors.ja.json): the app says it
// in its language from those; the CLI says the English message.
import type { Finding } from '../../shared/findings.js';
import type { ErrorText } from '../../shared/i18n/errors.js';
import type { NeedDetails } from '../../shared/needs.js';

export type UserErrorCode =
  | 'bad-input'
  | 'unreadable-input'
  | 'wrong-passphrase'
  | 'passphrase-required'
  | 'unknown-program'
  | 'unknown-environment'
  | 'not-compliant'
  | 'file-exists'
  | 'not-found'
  | 'conflict'
  | 'locked'
  | 'too-many-attempts'
  /** A file in the data folder was changed outside mtls-desk (the vault's metadata, the audit trail). */
  | 'tampered'
  /** The audit trail was cut: the cut is now recorded, and the action that found it was too. */
  | 'audit-cut'
  /** A long read was stopped (a superseded paste, a closed window, a timeout). */
  | 'cancelled'
  /** Ctrl+C or Ctrl+D at a prompt: the CLI exits 130. */
  | 'interrupted';

export interface UserErrorDetails extends NeedDetails {
  /** The findings behind a refusal (a bundle, an import's lint). */
  findings?: Finding[];
}

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** What the message is about, as data: what is needed next, the asset, the onboarding, the findings. */
    readonly details: UserErrorDetails = {},
    /** The message as data: its id in shared/i18n/errors.ja.json and the values it fills in. */
    readonly text?: ErrorText,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
