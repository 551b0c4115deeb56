import { readFileSync } from 'node:fs';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import {
  COMMON_OPTIONS,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  type CliCommand,
} from '../command.js';
import { masterPassphrase, openCliDesk, subcommand } from './desk-common.js';

const usage =
  'mtls-desk audit show|verify [--checkpoint FILE]|checkpoint --out FILE [--force] [--passphrase-env VAR | --passphrase-file F] [--json]';

export const auditCommand: CliCommand = {
  summary: 'the audit trail: show it, verify its seals and chain, export a signed checkpoint',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        checkpoint: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Every key generated, certificate or CSR made, import, export, deletion, unlock and passphrase\n  change: who (OS user), when, what (ids and fingerprints, never secrets). Each entry carries the\n  hash of the one before and, made with the vault unlocked, a seal only the vault's key can make.\n  verify unlocks the vault (master passphrase) to check the seals and exits 1 when an entry was\n  edited, forged, removed or reordered, or the trail was cut or deleted. checkpoint writes a\n  signed copy of the head to keep elsewhere; verify --checkpoint checks the trail still holds it.\n`,
        ),
        0
      );
    const name = subcommand(positionals, ['show', 'verify', 'checkpoint'], usage);
    const desk = openCliDesk(io);
    if (name === 'show') {
      const entries = desk.audit.entries();
      if (values.json) printJson(io, { entries });
      else
        io.stdout(
          entries
            .map(
              (e) =>
                `${String(e.seq).padStart(5)} ${e.at} ${e.who.padEnd(10)} ${e.action.padEnd(26)} ${e.seal ? 'sealed  ' : 'unsealed'} ${Object.entries(
                  e.details,
                )
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}\n`,
            )
            .join('') || 'the audit trail is empty\n',
        );
      return 0;
    }
    if (name === 'checkpoint' && values.out === undefined)
      throw new UserError('bad-input', `give the file to write with --out FILE. Usage: ${usage}`);
    const checkpoint =
      name === 'verify' && values.checkpoint !== undefined
        ? desk.audit.parseCheckpoint(readCheckpoint(values.checkpoint), values.checkpoint)
        : undefined;
    // The seals are checked with the vault's key: unlock it (this also seals entries made while it was locked).
    if (desk.vault.status().initialized)
      await desk.vault.unlock(await masterPassphrase(io, values));
    else if (name === 'checkpoint')
      throw new UserError(
        'not-found',
        'no vault yet: a checkpoint is signed with the vault; create one with mtls-desk vault init',
      );
    if (name === 'checkpoint') {
      const made = desk.audit.checkpoint();
      writeFileAtomic(values.out!, JSON.stringify(made, null, 2) + '\n', {
        overwrite: values.force,
        mode: 0o644,
      });
      if (values.json) printJson(io, made);
      else
        io.stdout(
          `checkpoint of entry ${made.seq} written to ${values.out}: keep it outside this data folder, then check the trail against it with mtls-desk audit verify --checkpoint ${values.out}\n`,
        );
      return 0;
    }
    const result = desk.audit.verify(
      checkpoint ? { checkpoint, source: `the checkpoint ${values.checkpoint}` } : undefined,
    );
    if (values.json) printJson(io, result);
    else
      io.stdout(
        result.ok
          ? `audit trail intact: ${result.entries} entries, hash chain and seals verified${result.sealedLater ? ` (${result.sealedLater} recorded while the vault was locked, sealed at the next unlock)` : ''}${result.seals === 'no-vault' ? ' (no vault yet: entries are not sealed)' : ''}${checkpoint ? `; the checkpoint of ${checkpoint.at} (entry ${checkpoint.seq}) is in the trail` : ''}\n`
          : `audit trail BROKEN:\n${result.problems.map((p) => `  ${p.message}\n`).join('')}`,
      );
    return result.ok ? 0 : 1;
  },
};

function readCheckpoint(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(
      'unreadable-input',
      `the checkpoint ${path} cannot be read (${(error as NodeJS.ErrnoException).code}): give the file written by mtls-desk audit checkpoint --out`,
    );
  }
}
