// The command line's one hint table: what a service error, a finding or a diagnosis needs next
// (shared/needs.ts), said with this CLI's options and commands. The services word their messages
// for any caller; the options and commands are named here only.
import type { Need, NeedDetails } from '../../shared/needs.js';
import type { UserError } from '../services/errors.js';

const onboarding = (d: NeedDetails) => ` --onboarding ${d.onboardingId ?? 'ID'}`;

/** `import --as` takes the Thales-signed certificate by its short name. */
const importAs = (asset: string) =>
  asset === 'THALES_SIGNED_CLIENT_CERTIFICATE' ? 'signed-certificate' : asset;

function importAsset(d: NeedDetails): string {
  const assets = d.assets ?? (d.asset ? [d.asset] : []);
  const as = assets.length === 1 ? importAs(assets[0]) : '<ASSET>';
  return `mtls-desk import${onboarding(d)} --as ${as} ${d.source ?? 'FILE'}`;
}

export const CLI_HINTS: Record<Need, (details: NeedDetails) => string> = {
  'key-passphrase': () => '--passphrase-env VAR or --passphrase-file F',
  'file-passphrase': () => '--file-passphrase-env VAR or --file-passphrase-file F',
  'token-pin': () => '--pin-env VAR or --pin-file F',
  'trust-ca-file': () => '--ca FILE',
  'token-module': () =>
    '--module /path/to/module.so, or configure one: mtls-desk token modules --add PATH',
  'token-label': () => '--label NAME',
  'token-keys': () => 'mtls-desk token keys lists them',
  confirmation: () => '--confirm',
  overwrite: () => '--force',
  'common-name': () => '--cn',
  algorithm: () => '--algorithm',
  'make-identity': (d) => `mtls-desk identity generate${onboarding(d)}`,
  'make-self-signed': () => 'mtls-desk selfsign',
  'make-csr': () => 'mtls-desk csr',
  'import-asset': importAsset,
  'import-signed-certificate': (d) =>
    `mtls-desk import${onboarding(d)} --as signed-certificate FILE`,
  'import-identity': (d) => `mtls-desk import${onboarding(d)} --as identity FILE`,
  'make-oauth-key': (d) => `mtls-desk oauth keygen${onboarding(d)}`,
  'renew-oauth-key': (d) => `mtls-desk oauth renew${onboarding(d)}`,
  'create-vault': () => 'mtls-desk vault init',
  'change-vault-passphrase': () => 'mtls-desk vault change-passphrase',
  'list-keys': () => 'mtls-desk vault keys lists them',
  'restore-key': (d) => `mtls-desk vault restore-key ${d.keyId ?? 'ID'}`,
  'list-onboardings': () => 'mtls-desk onboarding list lists them',
  'show-onboarding': (d) => `mtls-desk onboarding show ${d.onboardingId ?? 'ID'}`,
  'verify-audit': () => 'mtls-desk audit verify',
  'audit-checkpoint': () => 'mtls-desk audit checkpoint --out FILE writes one',
  'api-path': () => '--api-path',
  'token-url': (d) =>
    `--token-url URL, or record it: mtls-desk oauth endpoints${onboarding(d)} --token-url URL`,
  'no-oauth': () => 'drop --token-url and --api-path',
  'oauth-kid': (d) => `mtls-desk oauth kid${onboarding(d)} --kid KID`,
  'server-key-path': () => '--server-key',
  'token-tls-cli': (d) => `mtls-desk probe${onboarding(d)} --pin-env PKCS11_PIN`,
};

/** " (hint)" for what the details need, or nothing. */
export function cliHint(details: NeedDetails | undefined): string {
  return details?.need ? ` (${CLI_HINTS[details.need](details)})` : '';
}

/** A service error as the command line says it: its message and, for what it needs, the options or command. */
export function cliMessage(error: UserError): string {
  return `${error.message}${cliHint(error.details)}`;
}

/** A finding's fix with the options or command it needs. */
export function cliFix(finding: { fix: string; details?: NeedDetails }): string {
  return `${finding.fix}${cliHint(finding.details)}`;
}

/** Findings as the command line gives them (text and --json): each fix with its options or command. */
export function cliFindings<F extends { fix: string; details?: NeedDetails }>(
  findings: readonly F[],
): F[] {
  return findings.map((f) => ({ ...f, fix: cliFix(f) }));
}
