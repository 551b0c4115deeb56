// The fixed names the program profiles use, without zod, so the sandboxed renderer can import
// them without pulling the schema library into its bundle.

export const ENVIRONMENT_IDS = ['preprod', 'sandbox', 'prod'] as const;
export type EnvironmentId = (typeof ENVIRONMENT_IDS)[number];

/**
 * One spelling per environment, in every profile and on every screen: Thales's own pages write
 * "Pre-Production" (TSH), "PreProd" (D1) and "Pre-production" (xPay) for the same stage; the app
 * says it one way, as the TSH connectivity page does. The ids stay as they are.
 */
export const ENVIRONMENT_DISPLAY_NAMES: Record<EnvironmentId, string> = {
  preprod: 'Pre-Production',
  sandbox: 'Sandbox',
  prod: 'Production',
};

export const SUBJECT_FIELDS = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;
export type SubjectField = (typeof SUBJECT_FIELDS)[number];

export const ASSET_NAMES = [
  'TSH_TLS_SERVER_CERTIFICATE_CHAIN',
  'TSH_TLS_CLIENT_CERTIFICATE',
  'TSH_INBOUND_HOST',
  'THALES_CLIENT_CA',
  'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN',
  'CUSTOMER_TLS_CLIENT_CERTIFICATE',
  'CUSTOMER_CSR',
  'THALES_SIGNED_CLIENT_CERTIFICATE',
  'ISSUER_HOST',
] as const;
export type AssetName = (typeof ASSET_NAMES)[number];
