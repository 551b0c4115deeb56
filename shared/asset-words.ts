// What each portal asset is called in plain words, once for every screen: the headings say these,
// with the portal constant beside them as a small tag. Pure, so the renderer and main share it.
import type { AssetName } from './programs/names.js';
import type { ProgramProfile } from './programs/schema.js';

export const ASSET_PLAIN_NAMES: Record<AssetName, string> = {
  TSH_TLS_SERVER_CERTIFICATE_CHAIN: 'Thales server certificate chain',
  TSH_TLS_CLIENT_CERTIFICATE: 'Thales client certificate',
  TSH_INBOUND_HOST: 'Thales address you call',
  THALES_CLIENT_CA: 'Thales Client CA',
  CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN: 'Your server certificate chain',
  CUSTOMER_TLS_CLIENT_CERTIFICATE: 'Your client certificate',
  CUSTOMER_CSR: 'Your certificate signing request (CSR)',
  THALES_SIGNED_CLIENT_CERTIFICATE: 'Your client certificate, signed by Thales',
  ISSUER_HOST: 'Your server address Thales calls',
};

/** An asset's plain name inside a sentence: "your server certificate chain", "the Thales Client CA". */
export function assetInSentence(asset: AssetName): string {
  const name = ASSET_PLAIN_NAMES[asset];
  return name.startsWith('Your ') ? `your ${name.slice(5)}` : `the ${name}`;
}

/** A button that saves (or replaces) an asset says so in plain words; the portal name goes in its title. */
export function saveAssetLabel(asset: AssetName, replacing = false): string {
  return `${replacing ? 'Replace' : 'Save'} ${assetInSentence(asset)}`;
}

/**
 * Where each asset is found or goes, shown under its heading. `portal`: a program exchanged
 * through a Thales portal ({portal} is its name; the TSH connectivity page lists these assets
 * under these names); `representative`: a CSR program, exchanged with the Thales representative
 * (the D1 pages name the D1 Portal for Issuer for the Client CA and the server chain).
 */
export const ASSET_WHERE: Record<AssetName, { portal: string; representative: string }> = {
  TSH_TLS_SERVER_CERTIFICATE_CHAIN: {
    portal:
      'In the {portal}: among the TLS assets Thales shares for this environment, download TSH_TLS_SERVER_CERTIFICATE_CHAIN.',
    representative: 'From your Thales representative, who shares it during onboarding.',
  },
  TSH_TLS_CLIENT_CERTIFICATE: {
    portal:
      'In the {portal}: among the TLS assets Thales shares for this environment, download TSH_TLS_CLIENT_CERTIFICATE.',
    representative: 'From your Thales representative, who shares it during onboarding.',
  },
  TSH_INBOUND_HOST: {
    portal:
      'In the {portal}: TSH_INBOUND_HOST among the TLS assets is the host name to call; add the API base path.',
    representative:
      'The published endpoint of this environment is filled in; your Thales representative confirms it or gives another.',
  },
  THALES_CLIENT_CA: {
    portal:
      'In the {portal}: download the Thales Client CA there (the Thales delivery team can also send it).',
    representative:
      'From your Thales representative during onboarding (for D1, it is downloaded from the D1 Portal for Issuer).',
  },
  CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN: {
    portal:
      'In the {portal}: upload it as CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN; Thales endorses it to trust your server.',
    representative:
      'To your Thales representative, who has it endorsed so Thales trusts your server (for D1, through the D1 Portal for Issuer).',
  },
  CUSTOMER_TLS_CLIENT_CERTIFICATE: {
    portal:
      'In the {portal}: upload it as CUSTOMER_TLS_CLIENT_CERTIFICATE, for Thales to endorse (pin) it.',
    representative: 'To your Thales representative, who has it endorsed.',
  },
  CUSTOMER_CSR: {
    portal:
      'To your Thales representative, by the channel agreed with them: the Thales CA signs it.',
    representative:
      'To your Thales representative, by the channel agreed with them: the Thales CA signs it.',
  },
  THALES_SIGNED_CLIENT_CERTIFICATE: {
    portal: 'From your Thales representative: the Thales CA signs it from your CSR.',
    representative: 'From your Thales representative: the Thales CA signs it from your CSR.',
  },
  ISSUER_HOST: {
    portal:
      'In the {portal}: enter it as ISSUER_HOST, the host name Thales calls (with the API base path).',
    representative:
      'To your Thales representative: the host name Thales calls (with the API base path).',
  },
};

/** The "where to find this" line of an asset for a program. */
export function whereToFind(
  asset: AssetName,
  profile: Pick<ProgramProfile, 'portal' | 'clientCertificate'>,
): string {
  const where = ASSET_WHERE[asset];
  // Self-signed programs exchange through a portal (TMG's is not named in the profile).
  if (profile.portal || profile.clientCertificate.mode === 'self-signed')
    return where.portal.replace('{portal}', profile.portal?.name ?? 'Thales portal');
  return where.representative;
}

/** Where a file the app made goes next: the portal (with its name) or the Thales representative. */
export function nextStepFor(
  asset: 'CUSTOMER_TLS_CLIENT_CERTIFICATE' | 'CUSTOMER_CSR',
  portal: { name: string } | null,
): { title: string; where: string } {
  if (asset === 'CUSTOMER_CSR' || portal === null)
    return {
      title: 'Next: send the CSR to your Thales representative',
      where:
        'Send the file by the channel agreed with your Thales representative; they return the signed certificate, which you import in the next step.',
    };
  return {
    title: 'Next: register it with Thales',
    where: `In the ${portal.name}, upload this file as ${asset} in your onboarding's customer assets.`,
  };
}
