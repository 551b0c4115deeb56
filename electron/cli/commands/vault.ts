import { passphraseStrength } from '../../../shared/passphrase.js';
import { UserError } from '../../services/errors.js';
import { describeAutoLock } from '../../../shared/settings.js';
import {
  COMMON_OPTIONS,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  readPassphrase,
  type CliCommand,
} from '../command.js';
import {
  masterPassphrase,
  openCliDesk,
  subcommand,
  unlockedDesk,
  wholeNumber,
} from './desk-common.js';

const usage =
  'mtls-desk vault init|status|change-passphrase|keys|delete-key <key-id> --confirm|restore-key <key-id>|purge --confirm|settings [--auto-lock-minutes N (0: never)] [--warn-days 90,30,7] [--passphrase-env VAR | --passphrase-file F] [--new-passphrase-env VAR | --new-passphrase-file F] [--all] [--json]';

const SUBCOMMANDS = [
  'init',
  'status',
  'change-passphrase',
  'keys',
  'delete-key',
  'restore-key',
  'purge',
  'settings',
] as const;

export const vaultCommand: CliCommand = {
  summary:
    'the key vault: create it, its status, change the master passphrase, keys, tombstones, settings',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        'new-passphrase-env': { type: 'string' },
        'new-passphrase-file': { type: 'string' },
        confirm: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        'auto-lock-minutes': { type: 'string' },
        'warn-days': { type: 'string' },
      },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Keys are encrypted one by one (AES-256-GCM) under a key derived from the master passphrase by\n  scrypt. The data folder is MTLS_DESK_DATA_DIR. delete-key keeps a tombstone until purge.\n`,
        ),
        0
      );
    const name = subcommand(positionals, SUBCOMMANDS, usage);
    const desk = openCliDesk(io);
    const out = (value: unknown, text: string) =>
      values.json ? printJson(io, value) : io.stdout(text);
    switch (name) {
      case 'init': {
        const passphrase = await masterPassphrase(io, values, 'new master passphrase', true);
        const status = await desk.vault.init(passphrase);
        // The same strength feedback as the app's vault screen, from the one shared rule.
        const strength = passphraseStrength(passphrase);
        out(
          { ...status, passphraseStrength: strength.level },
          `vault created in ${desk.dataDir} (scrypt N=${status.kdf!.N} r=${status.kdf!.r} p=${status.kdf!.p})\n  passphrase strength: ${strength.hint}\n`,
        );
        return 0;
      }
      case 'status': {
        const status = desk.vault.status();
        out(
          status,
          status.initialized
            ? `vault in ${desk.dataDir}: ${status.keys} key(s), ${status.deletedKeys} deleted; scrypt N=${status.kdf!.N} r=${status.kdf!.r} p=${status.kdf!.p}; auto-lock ${describeAutoLock(status.idleLockMinutes)}${status.damagedKeyFiles.length ? `; DAMAGED key files: ${status.damagedKeyFiles.join(', ')}` : ''}${status.retryAfterMs ? `; next unlock accepted in ${Math.ceil(status.retryAfterMs / 1000)} s` : ''}${status.tampered ? `; TAMPERED: ${status.tampered}` : ''}\n`
            : `no vault in ${desk.dataDir} yet: create one with mtls-desk vault init\n`,
        );
        return 0;
      }
      case 'change-passphrase': {
        const oldPassphrase = await masterPassphrase(io, values, 'current master passphrase');
        const newPassphrase = await readPassphrase(
          io,
          values['new-passphrase-env'],
          values['new-passphrase-file'],
          'new master passphrase',
          true,
        );
        if (newPassphrase === undefined)
          throw new UserError(
            'passphrase-required',
            'the new master passphrase is needed: give --new-passphrase-env VAR or --new-passphrase-file F',
          );
        const status = await desk.vault.changePassphrase(oldPassphrase, newPassphrase);
        const strength = passphraseStrength(newPassphrase);
        out(
          { ...status, passphraseStrength: strength.level },
          `master passphrase changed; ${status.keys + status.deletedKeys} key(s) re-encrypted\n  passphrase strength: ${strength.hint}\n`,
        );
        return 0;
      }
      case 'keys': {
        const keys = desk.vault.keys(values.all);
        out(
          { keys },
          keys
            .map(
              (k) =>
                `${k.id}  ${(k.algorithm ?? 'other').padEnd(9)} ${k.origin.padEnd(9)} ${k.createdAt}  ${k.label}${k.deletedAt ? `  DELETED ${k.deletedAt}` : ''}\n`,
            )
            .join('') || 'no keys\n',
        );
        return 0;
      }
      case 'delete-key':
      case 'restore-key': {
        const id = positionals[1];
        if (!id) throw new UserError('bad-input', `give the key id. Usage: ${usage}`);
        const unlocked = await unlockedDesk(io, values);
        const key =
          name === 'delete-key'
            ? await unlocked.vault.deleteKey(id, values.confirm)
            : await unlocked.vault.restoreKey(id);
        out(
          key,
          name === 'delete-key'
            ? `key ${id} deleted (recoverable with mtls-desk vault restore-key ${id} until purge)\n`
            : `key ${id} restored\n`,
        );
        return 0;
      }
      case 'purge': {
        if (!values.confirm)
          throw new UserError(
            'bad-input',
            'purging deleted keys needs an explicit confirmation (--confirm): nothing was removed',
          );
        const unlocked = await unlockedDesk(io, values);
        const purged = await unlocked.vault.purge(true);
        out({ purged }, `${purged.length} deleted key(s) removed for good\n`);
        return 0;
      }
      default: {
        const warn = values['warn-days']
          ?.split(',')
          .map((d) => wholeNumber(d.trim(), 'warn-days')!);
        const settings =
          values['auto-lock-minutes'] === undefined && warn === undefined
            ? desk.settings.get()
            : desk.settings.update({
                autoLockMinutes: wholeNumber(values['auto-lock-minutes'], 'auto-lock-minutes'),
                expiryWarningDays: warn,
              });
        out(
          settings,
          `auto-lock: ${describeAutoLock(settings.autoLockMinutes)}; expiry warnings at ${settings.expiryWarningDays.join(', ')} days\n`,
        );
        return 0;
      }
    }
  },
};
