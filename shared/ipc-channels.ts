// The runtime names of the IPC contract (channels, the API global, push events, wizard steps),
// without zod: the preload and the renderer import these; the schemas live in ipc-contract.ts.

/** The name of the API object the preload exposes on `window`. */
export const API_GLOBAL = 'mtlsDesk';
/** The push channel main uses for progress of long operations. */
export const PROGRESS_EVENT = 'mtls-desk:progress';
/** The push channel main uses when the vault locked itself (idle time): the page shows the unlock screen at once. */
export const VAULT_LOCKED_EVENT = 'mtls-desk:vault-locked';
/** The subscriptions the preload exposes next to the channels: API method name → push channel. */
export const PUSH_SUBSCRIPTIONS = {
  onProgress: PROGRESS_EVENT,
  onVaultLocked: VAULT_LOCKED_EVENT,
} as const;

/**
 * The browser shell's path for several calls in one request (the start calls): a JSON array of
 * [channel, request] pairs, answered by an array of results in the same order. Each call is
 * dispatched as if it came alone; one request costs the page, the browser and main less than four.
 */
export const IPC_BATCH_PATH = '/ipc-batch';
/** The most calls one batch may carry. */
export const MAX_BATCH_CALLS = 8;

export const CHANNELS = [
  'app.info',
  'programs.list',
  'programs.cnLayout',
  'programs.confirmCnLayout',
  'vault.status',
  'vault.init',
  'vault.unlock',
  'vault.lock',
  'vault.changePassphrase',
  'keys.list',
  'keys.delete',
  'keys.restore',
  'settings.get',
  'settings.update',
  'settings.dataDir',
  'onboardings.query',
  'onboarding.create',
  'onboarding.archive',
  'onboarding.delete',
  'onboarding.restoreDeleted',
  'onboarding.purge',
  'onboarding.listDeleted',
  'onboarding.get',
  'identity.generate',
  'identity.renew',
  'identity.retire',
  'identity.importSigned',
  'identity.save',
  'identity.chooseFile',
  'identity.importFiles',
  'clipboard.write',
  'oauth.get',
  'oauth.generate',
  'oauth.renew',
  'oauth.setKid',
  'oauth.confirm',
  'oauth.endpoints',
  'asset.check',
  'asset.save',
  'test.inbound',
  'test.outbound',
  'test.tokenEndpoint',
  'tester.chooseFile',
  'tester.run',
  'report.save',
  'export.bundle',
  'export.deployment',
  'export.markSubmitted',
  'export.showInFolder',
  'calendar.export',
  'audit.list',
  'operation.cancel',
  'tokens.state',
  'tokens.modules',
  'tokens.list',
  'tokens.keys',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** A step's state, and an onboarding's overall one (its worst step). */
export const STEP_STATUSES = ['done', 'expiring', 'missing', 'failing'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
/** The home screen's expiry timeline: this month and the next ones. */
export const EXPIRY_TIMELINE_MONTHS = 24;
/** The home list's sortable columns. */
export const ONBOARDING_SORT_KEYS = [
  'program',
  'identifier',
  'environment',
  'status',
  'nextExpiry',
] as const;
export type OnboardingSortKey = (typeof ONBOARDING_SORT_KEYS)[number];

export { WIZARD_STEPS, WIZARD_STEP_TITLES, type WizardStepId } from './wizard-steps.js';

/** What the connection-test steps (inbound) and readiness checks (outbound) are called on screen and in progress. */
export const PROBE_STEP_TITLES: Record<string, string> = {
  identity: 'Client identity',
  dns: 'Name resolution',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  verify: 'Verification',
  http: 'Application round trip',
  'oauth-token': 'OAuth access token',
  'oauth-api': 'Authorized API call',
  port: 'Port',
  reachable: 'Reachable',
  'tls-versions': 'TLS versions',
  'client-cert-required': 'Client certificate required',
  'foreign-client-rejected': 'Foreign client refused',
  'client-ca-listed': 'Thales Client CA listed',
  'server-chain': 'Server chain',
  'token-endpoint': 'OAuth token endpoint',
};
