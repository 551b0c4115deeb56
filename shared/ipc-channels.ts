// The runtime names of the IPC contract (channels, the API global, push events, wizard steps),
// without zod: the preload and the renderer import these; the schemas live in ipc-contract.ts.

/** The name of the API object the preload exposes on `window`. */
export const API_GLOBAL = 'mtlsDesk';
/** The push channel main uses for progress of long operations. */
export const PROGRESS_EVENT = 'mtls-desk:progress';

export const CHANNELS = [
  'app.info',
  'programs.list',
  'vault.status',
  'vault.init',
  'vault.unlock',
  'vault.lock',
  'settings.get',
  'settings.update',
  'onboardings.list',
  'onboarding.create',
  'onboarding.get',
  'identity.generate',
  'identity.importSigned',
  'asset.check',
  'asset.save',
  'test.inbound',
  'test.outbound',
  'tester.chooseFile',
  'tester.run',
  'report.save',
  'export.bundle',
  'export.deployment',
  'audit.list',
  'operation.cancel',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const WIZARD_STEPS = ['identity', 'signed', 'thales', 'server', 'test', 'export'] as const;
export type WizardStepId = (typeof WIZARD_STEPS)[number];
