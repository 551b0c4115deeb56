// What a person gives or does next, as a stable key with structured details. A service error
// (UserError) or a finding names the need and its details, never a CLI flag or a command: the
// command line words it with its options and commands (electron/cli/hints.ts, one table), the app
// with the wizard step or the field to go to (electron/main/app-wording.ts).

export type Need =
  /** The passphrase of an encrypted private key (a file, a paste). */
  | 'key-passphrase'
  /** The password of a PKCS#12 file. */
  | 'file-passphrase'
  /** The user PIN of a PKCS#11 token. */
  | 'token-pin'
  /** The PKCS#11 module (library path) of a token. */
  | 'token-module'
  /** A label for a new key on a token. */
  | 'token-label'
  /** The keys a token holds, to choose one. */
  | 'token-keys'
  /** An explicit confirmation of a destructive action. */
  | 'confirmation'
  /** Permission to replace an existing file. */
  | 'overwrite'
  /** The exact Common Name the Thales portal shows. */
  | 'common-name'
  /** The algorithm of a new key. */
  | 'algorithm'
  /** The onboarding's client identity (key + certificate or CSR), made in the identity step. */
  | 'make-identity'
  /** A self-signed certificate instead of a CSR (self-signed programs). */
  | 'make-self-signed'
  /** A CSR for the Thales CA instead of a self-signed certificate (CSR programs). */
  | 'make-csr'
  /** An asset to import into the onboarding (details.asset or details.assets). */
  | 'import-asset'
  /** The certificate Thales signed from the CSR. */
  | 'import-signed-certificate'
  /** A private key, imported as the onboarding's identity (into the vault). */
  | 'import-identity'
  /** The onboarding's OAuth signing key. */
  | 'make-oauth-key'
  /** Renewing the OAuth signing key. */
  | 'renew-oauth-key'
  /** A vault, created with a new master passphrase. */
  | 'create-vault'
  /** Changing the vault's master passphrase. */
  | 'change-vault-passphrase'
  /** The list of the vault's keys. */
  | 'list-keys'
  /** Restoring a deleted key (details.keyId). */
  | 'restore-key'
  /** The list of onboardings. */
  | 'list-onboardings'
  /** Opening an onboarding (details.onboardingId). */
  | 'show-onboarding'
  /** Verifying the audit trail. */
  | 'verify-audit'
  /** An audit checkpoint file, as written by the checkpoint action. */
  | 'audit-checkpoint'
  /** The API path an OAuth test calls. */
  | 'api-path'
  /** The OAuth token endpoint. */
  | 'token-url'
  /** The OAuth settings, left out for a program without OAuth. */
  | 'no-oauth'
  /** The kid Thales registered for the OAuth key. */
  | 'oauth-kid'
  /** The server key's path, absolute. */
  | 'server-key-path'
  /** A root or CA to trust, given as a PEM file. */
  | 'trust-ca-file'
  /** A test from the command line, where a key on a token can be used (the app's TLS cannot). */
  | 'token-tls-cli';

/** What a need is about: the onboarding, the asset, the key, the input field or the limit. */
export interface NeedDetails {
  need?: Need;
  onboardingId?: string;
  asset?: string;
  /** Several assets (one need for all of them). */
  assets?: readonly string[];
  keyId?: string;
  /** The file or input to give again (an import of the same file). */
  source?: string;
  /** The input a problem is about, in the contract's words ("serverKeyPath", "cn"). */
  field?: string;
  /** The limit an input went beyond (shared/input-limits.ts). */
  limit?: number;
  /** The endpoint a test would call (for the command lines offered instead). */
  url?: string;
  /** The PKCS#11 module a token key is used through. */
  module?: string;
}
