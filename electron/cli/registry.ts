// Every `mtls-desk` command, by name. A new command group adds its entries here.
import type { CliCommand } from './command.js';
import { csrCommand, selfsignCommand } from './commands/identity.js';
import { inspectCommand } from './commands/inspect.js';
import { keygenCommand } from './commands/keygen.js';
import { lintCommand } from './commands/lint.js';
import { programsCommand } from './commands/programs.js';
import { checkServerCommand, probeCommand } from './commands/probe.js';
import { vaultCommand } from './commands/vault.js';
import { onboardingCommand } from './commands/onboarding.js';
import { onboardingIdentityCommand } from './commands/onboarding-identity.js';
import { importCommand } from './commands/import.js';
import { exportCommand } from './commands/export.js';
import { bundleCommand } from './commands/bundle.js';
import { auditCommand } from './commands/audit.js';

export const COMMANDS: Record<string, CliCommand> = {
  programs: programsCommand,
  keygen: keygenCommand,
  selfsign: selfsignCommand,
  csr: csrCommand,
  lint: lintCommand,
  inspect: inspectCommand,
  probe: probeCommand,
  'check-server': checkServerCommand,
  vault: vaultCommand,
  onboarding: onboardingCommand,
  identity: onboardingIdentityCommand,
  import: importCommand,
  export: exportCommand,
  bundle: bundleCommand,
  audit: auditCommand,
};
