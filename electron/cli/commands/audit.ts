// `mtls-desk audit`: the audit trail. Every key generated, certificate or CSR made, import, export,
// deletion, unlock and passphrase change: who (OS user), when, what (ids and fingerprints, never
// secrets), each entry chained to the one before and sealed with the vault's key.
import { readFileSync } from 'node:fs';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import type { Desk } from '../../services/desk.js';
import type { CliIO, PassphraseFlags } from '../command.js';
import { defineCommand, defineGroup, withExit } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';
import { masterPassphrase, openCliDesk } from './desk-common.js';

const ENV = 'MTLS_DESK_DATA_DIR=~/.mtls-desk';

const show = defineCommand({
  name: 'audit show',
  summary: 'the audit trail, oldest first',
  options: {},
  examples: [`${ENV} mtls-desk audit show`],
  async run(_input, io) {
    return { entries: openCliDesk(io).audit.entries() };
  },
  text: ({ entries }) =>
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
});

/** The seals are checked with the vault's key: unlock it (this also seals entries made while it was locked). */
async function unlockForSeals(io: CliIO, desk: Desk, values: PassphraseFlags, needed: boolean) {
  if (desk.vault.status().initialized) await desk.vault.unlock(await masterPassphrase(io, values));
  else if (needed)
    throw new UserError(
      'not-found',
      'no vault yet: a checkpoint is signed with the vault; create one with mtls-desk vault init',
    );
}

const verify = defineCommand({
  name: 'audit verify',
  summary:
    'check the hash chain and the seals (exit 1 when an entry was edited, forged, removed or reordered, or the trail was cut or deleted)',
  description:
    'Unlocks the vault (master passphrase) to check the seals. --checkpoint checks the trail still\nholds a checkpoint written by mtls-desk audit checkpoint.',
  options: {
    checkpoint: { type: 'string', value: 'FILE', description: 'a checkpoint the trail must hold' },
    ...PASSPHRASE_SPECS,
  },
  examples: [
    `${ENV} mtls-desk audit verify --checkpoint ~/audit-head.json --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const desk = openCliDesk(io);
    const file = values.checkpoint;
    const checkpoint =
      file !== undefined ? desk.audit.parseCheckpoint(readCheckpoint(file), file) : undefined;
    await unlockForSeals(io, desk, values, false);
    const result = desk.audit.verify(
      checkpoint ? { checkpoint, source: `the checkpoint ${file}` } : undefined,
    );
    return withExit({ result, checkpoint }, result.ok ? 0 : 1);
  },
  text: ({ result, checkpoint }) =>
    result.ok
      ? `audit trail intact: ${result.entries} entries, hash chain and seals verified${result.sealedLater ? ` (${result.sealedLater} recorded while the vault was locked, sealed at the next unlock)` : ''}${result.seals === 'no-vault' ? ' (no vault yet: entries are not sealed)' : ''}${checkpoint ? `; the checkpoint of ${checkpoint.at} (entry ${checkpoint.seq}) is in the trail` : ''}\n`
      : `audit trail BROKEN:\n${result.problems.map((p) => `  ${p.message}\n`).join('')}`,
  json: ({ result }) => result,
});

const checkpoint = defineCommand({
  name: 'audit checkpoint',
  summary: 'write a signed copy of the head, to keep outside the data folder',
  options: {
    out: { type: 'string', value: 'FILE', required: true, description: 'where to write it' },
    force: { type: 'boolean', description: 'overwrite FILE' },
    ...PASSPHRASE_SPECS,
  },
  examples: [
    `${ENV} mtls-desk audit checkpoint --out ~/audit-head.json --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const desk = openCliDesk(io);
    await unlockForSeals(io, desk, values, true);
    const made = desk.audit.checkpoint();
    writeFileAtomic(values.out, JSON.stringify(made, null, 2) + '\n', {
      overwrite: values.force,
      mode: 0o644,
    });
    return made;
  },
  text: (made, { values }) =>
    `checkpoint of entry ${made.seq} written to ${values.out}: keep it outside this data folder, then check the trail against it with mtls-desk audit verify --checkpoint ${values.out}\n`,
});

export const auditCommand = defineGroup({
  name: 'audit',
  summary: 'the audit trail: show it, verify its seals and chain, export a signed checkpoint',
  description:
    "Every key generated, certificate or CSR made, import, export, deletion, unlock and passphrase\nchange: who (OS user), when, what (ids and fingerprints, never secrets). Each entry carries the\nhash of the one before and, made with the vault unlocked, a seal only the vault's key can make.",
  subcommands: [show, verify, checkpoint],
});

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
