// Every `mtls-desk` command, by name, loaded only when it runs: a command pays for the modules
// it uses and no other (start-up stays close to a bare `node`). A new command adds its line here.
import type { DeclaredCommand } from './define.js';

export const COMMANDS: Record<string, () => Promise<DeclaredCommand>> = {
  programs: async () => (await import('./commands/programs.js')).programsCommand,
  keygen: async () => (await import('./commands/keygen.js')).keygenCommand,
  selfsign: async () => (await import('./commands/selfsign.js')).selfsignCommand,
  csr: async () => (await import('./commands/csr.js')).csrCommand,
  lint: async () => (await import('./commands/lint.js')).lintCommand,
  inspect: async () => (await import('./commands/inspect.js')).inspectCommand,
  probe: async () => (await import('./commands/probe.js')).probeCommand,
  'check-server': async () => (await import('./commands/probe.js')).checkServerCommand,
  vault: async () => (await import('./commands/vault.js')).vaultCommand,
  onboarding: async () => (await import('./commands/onboarding.js')).onboardingCommand,
  identity: async () => (await import('./commands/identity.js')).identityCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
  bundle: async () => (await import('./commands/bundle.js')).bundleCommand,
  'server-config': async () => (await import('./commands/server-config.js')).serverConfigCommand,
  audit: async () => (await import('./commands/audit.js')).auditCommand,
  app: async () => (await import('./commands/app.js')).appCommand,
  oauth: async () => (await import('./commands/oauth.js')).oauthCommand,
  token: async () => (await import('./commands/token.js')).tokenCommand,
};
