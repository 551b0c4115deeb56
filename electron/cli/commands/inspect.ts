import { readInputFile } from '../../services/decode.js';
import { UserError } from '../../services/errors.js';
import { formatInspection, inspectInputs } from '../../services/inspect.js';
import {
  COMMON_OPTIONS,
  lazyPassphrase,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  type CliCommand,
} from '../command.js';

const usage = 'mtls-desk inspect FILE... [--json]';

export const inspectCommand: CliCommand = {
  summary: 'summarize certificates, chains, CSRs and keys',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { ...COMMON_OPTIONS, ...PASSPHRASE_OPTIONS },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Subject, issuer, validity with days left, key, signature, SANs, EKU, fingerprints, chain order.\n`,
        ),
        0
      );
    if (positionals.length === 0)
      throw new UserError('bad-input', `give at least one file to inspect. Usage: ${usage}`);
    const inspected = await inspectInputs(
      positionals.map((path) => ({ source: path, data: readInputFile(path) })),
      lazyPassphrase(io, values),
    );
    if (values.json) printJson(io, { inputs: inspected });
    else io.stdout(formatInspection(inspected));
    return 0;
  },
};
