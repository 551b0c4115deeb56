// The exports for deploying an onboarding's client identity on a server, by format: the key
// (encrypted PEM), PKCS#12 in its modern or legacy preset, or the certificate chain (public).
// One place says which format is which export, preset and file name.
import type { Desk } from '../desk.js';
import { UserError } from '../errors.js';
import type { Pkcs12Preset } from './pkcs12.js';

export const DEPLOYMENT_FORMATS = ['key', 'p12-modern', 'p12-legacy', 'chain'] as const;
export type DeploymentFormat = (typeof DEPLOYMENT_FORMATS)[number];

const FILE_SUFFIX: Record<DeploymentFormat, string> = {
  key: 'key.pem',
  'p12-modern': 'p12',
  'p12-legacy': 'legacy.p12',
  chain: 'chain.pem',
};

const PKCS12_PRESET: Partial<Record<DeploymentFormat, Pkcs12Preset>> = {
  'p12-modern': 'modern',
  'p12-legacy': 'legacy',
};

/** Whether the format carries the private key (then it is encrypted, and the vault is asked again). */
export function carriesPrivateKey(format: DeploymentFormat): boolean {
  return format !== 'chain';
}

/** The file name offered for an onboarding's export in a format. */
export function deploymentFileName(
  onboarding: { program: string; identifier: string; environment: string },
  format: DeploymentFormat,
): string {
  return `${onboarding.program}-${onboarding.identifier}-${onboarding.environment}.${FILE_SUFFIX[format]}`;
}

/** Writes the export; a private key needs a passphrase to protect it. Returns the path written. */
export async function exportDeployment(
  desk: Desk,
  request: {
    onboardingId: string;
    format: DeploymentFormat;
    out: string;
    passphrase?: string;
    overwrite?: boolean;
  },
): Promise<string> {
  const target = {
    onboardingId: request.onboardingId,
    out: request.out,
    overwrite: request.overwrite,
  };
  if (!carriesPrivateKey(request.format)) return (await desk.exports.chain(target)).out;
  if (!request.passphrase)
    throw new UserError(
      'passphrase-required',
      'give a passphrase to protect the exported private key',
      {},
      { id: 'export.passphrase-needed' },
    );
  const preset = PKCS12_PRESET[request.format];
  const result = preset
    ? await desk.exports.pkcs12({ ...target, passphrase: request.passphrase, preset })
    : await desk.exports.key({ ...target, passphrase: request.passphrase });
  return result.out;
}
