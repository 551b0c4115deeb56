import { COMMON_OPTIONS, parseCommandArgs, printJson, type CliCommand } from '../command.js';
import { openCliDesk, subcommand } from './desk-common.js';

const usage = 'mtls-desk audit show|verify [--json]';

export const auditCommand: CliCommand = {
  summary: 'the audit trail: show it, verify its hash chain',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, COMMON_OPTIONS, usage, true);
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Every key generated, certificate or CSR made, import, export, deletion, unlock and passphrase\n  change: who (OS user), when, what (ids and fingerprints, never secrets). Each entry carries the\n  hash of the one before; verify exits 1 when an entry was edited, removed or reordered.\n`,
        ),
        0
      );
    const name = subcommand(positionals, ['show', 'verify'], usage);
    const desk = openCliDesk(io);
    if (name === 'show') {
      const entries = desk.audit.entries();
      if (values.json) printJson(io, { entries });
      else
        io.stdout(
          entries
            .map(
              (e) =>
                `${String(e.seq).padStart(5)} ${e.at} ${e.who.padEnd(10)} ${e.action.padEnd(26)} ${Object.entries(
                  e.details,
                )
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}\n`,
            )
            .join('') || 'the audit trail is empty\n',
        );
      return 0;
    }
    const result = desk.audit.verify();
    if (values.json) printJson(io, result);
    else
      io.stdout(
        result.ok
          ? `audit trail intact: ${result.entries} entries, hash chain verified\n`
          : `audit trail BROKEN:\n${result.problems.map((p) => `  ${p.message}\n`).join('')}`,
      );
    return result.ok ? 0 : 1;
  },
};
