// Every `mtls-desk` command, by name. A new command group adds its entries here.
import type { CliCommand } from './command.js';
import { csrCommand, selfsignCommand } from './commands/identity.js';
import { inspectCommand } from './commands/inspect.js';
import { keygenCommand } from './commands/keygen.js';
import { lintCommand } from './commands/lint.js';
import { programsCommand } from './commands/programs.js';

export const COMMANDS: Record<string, CliCommand> = {
  programs: programsCommand,
  keygen: keygenCommand,
  selfsign: selfsignCommand,
  csr: csrCommand,
  lint: lintCommand,
  inspect: inspectCommand,
};
