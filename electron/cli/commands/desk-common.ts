// What the vault, onboarding, identity, import, export, bundle and audit commands share: the desk
// opened on MTLS_DESK_DATA_DIR, and the vault unlocked with the master passphrase from
// --passphrase-env VAR, --passphrase-file F or a prompt.
import { dataDirFromEnv, openDesk, type Desk } from '../../services/desk.js';
import { UserError } from '../../services/errors.js';
import { openConfStore } from '../../services/store.js';
import { formatFindings, readPassphrase, type CliIO, type PassphraseFlags } from '../command.js';
import { cliFindings, cliMessage } from '../hints.js';

export function openCliDesk(io: CliIO): Desk {
  const dataDir = dataDirFromEnv(io.env);
  return openDesk({ dataDir, store: openConfStore(dataDir), catalog: io.catalog() });
}

/** The master passphrase from the flags or a prompt; `confirm` asks twice at the prompt (a new passphrase: a typo would lock the keys away). */
export async function masterPassphrase(
  io: CliIO,
  flags: PassphraseFlags,
  what = 'master passphrase of the vault',
  confirm = false,
): Promise<string> {
  const passphrase = await readPassphrase(
    io,
    flags['passphrase-env'],
    flags['passphrase-file'],
    what,
    confirm,
  );
  if (passphrase === undefined)
    throw new UserError(
      'passphrase-required',
      `the ${what} is needed: give --passphrase-env VAR or --passphrase-file F`,
    );
  return passphrase;
}

export async function unlockedDesk(io: CliIO, flags: PassphraseFlags): Promise<Desk> {
  const desk = openCliDesk(io);
  await desk.vault.unlock(await masterPassphrase(io, flags));
  return desk;
}

/** A refusal that carries findings (bundle, import lint) is a failed check: exit 1 with the list. */
export function refusalWithFindings(io: CliIO, error: unknown, json: boolean): number | null {
  if (!(error instanceof UserError) || error.code !== 'not-compliant') return null;
  const findings = error.details.findings ?? [];
  if (json)
    io.stdout(
      JSON.stringify(
        {
          ok: false,
          error: { code: error.code, message: cliMessage(error) },
          findings: cliFindings(findings),
        },
        null,
        2,
      ) + '\n',
    );
  else io.stderr(`${cliMessage(error)}\n${formatFindings(findings)}`);
  return 1;
}
