// One error type for everything a person can fix: bad input, wrong passphrase, a refused action.
// The CLI prints its message as one sentence with exit code 2; IPC sends { code, message }.

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

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    /** Findings or other structured detail a caller may show. */
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
