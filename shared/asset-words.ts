// What each portal asset is called in plain words, once for every screen: the headings say these,
// with the portal constant beside them as a small tag. Pure, so the renderer and main share it.
import type { AssetName } from './programs/names.js';

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
