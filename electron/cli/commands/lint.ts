import { readInputFile } from '../../services/decode.js';
import { lintInputs } from '../../services/lint.js';
import {
  EXIT,
  COMMON_OPTIONS,
  formatFindings,
  lazyPassphrase,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  programAndEnvironment,
  type CliCommand,
} from '../command.js';
import { UserError } from '../../services/errors.js';
import { savedCommonNameLayout } from './cn-layout.js';
import { cliFindings, cliFix } from '../hints.js';
import { identifierProblem } from '../../../shared/identifier.js';

const usage =
  'mtls-desk lint --program <id> --env <id> [--cn <expected CN>] [--id <identifier>] [--cn-template T] [--expiring-within DAYS] FILE... [--json]';

export const lintCommand: CliCommand = {
  summary: 'check certificates, chains, CSRs and keys against a program',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        program: { type: 'string' },
        env: { type: 'string' },
        cn: { type: 'string' },
        id: { type: 'string' },
        'cn-template': { type: 'string' },
        'expiring-within': { type: 'string' },
      },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Exit 0 when compliant, 1 when any finding is an error, 2 for bad usage, unreadable input,\n  or a key that does not match the certificate or CSR given with it.\n  --json prints {"ok", "findings": [{"id", "severity", "message", "fix"}]}.\n`,
        ),
        0
      );
    const { profile, environment } = programAndEnvironment(io, values, usage);
    if (positionals.length === 0)
      throw new UserError('bad-input', `give at least one file to lint. Usage: ${usage}`);
    if (values.id !== undefined) {
      const problem = identifierProblem(profile, values.id);
      if (problem) throw new UserError('bad-input', `--id: ${problem}`);
    }
    const expiring = values['expiring-within'];
    if (expiring !== undefined && !/^\d+$/.test(expiring))
      throw new UserError(
        'bad-input',
        `--expiring-within "${expiring}" is not a whole number of days`,
      );
    const report = await lintInputs({
      profile,
      environmentId: environment.id,
      inputs: positionals.map((path) => ({ source: path, data: readInputFile(path) })),
      passphrase: lazyPassphrase(io, values),
      expectedCommonName: values.cn,
      identifier: values.id,
      commonNameTemplate: values['cn-template'],
      confirmedCommonNameTemplate: savedCommonNameLayout(io, profile.id),
      expiringSoonDays: expiring === undefined ? undefined : Number(expiring),
    });
    if (values.json) printJson(io, { ok: report.ok, findings: cliFindings(report.findings) });
    else
      io.stdout(
        `${report.ok ? 'compliant' : 'NOT compliant'} with ${profile.displayName}, ${environment.displayName}\n${formatFindings(report.findings)}`,
      );
    // A key and a certificate that do not belong together is a wrong pair of inputs, not a
    // compliance verdict: say so in one sentence and exit 2, after printing the report.
    const mismatch = report.findings.find((f) => f.id === 'key-cert-mismatch');
    if (mismatch) {
      io.stderr(`mtls-desk lint: ${mismatch.message}: ${cliFix(mismatch)}\n`);
      return EXIT.usage;
    }
    return report.ok ? EXIT.ok : EXIT.failed;
  },
};
