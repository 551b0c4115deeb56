// `mtls-desk vault`: the key vault. Keys are encrypted one by one (AES-256-GCM) under a key derived
// from the master passphrase by scrypt; the data folder is MTLS_DESK_DATA_DIR.
import { passphraseStrength } from '../../../shared/passphrase.js';
import { UserError } from '../../services/errors.js';
import { AUTO_LOCK_MINUTES, describeAutoLock, WARNING_DAYS } from '../../../shared/settings.js';
import { readPassphrase } from '../command.js';
import { defineCommand, defineGroup, parseInteger } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';
import { masterPassphrase, openCliDesk, unlockedDesk } from './desk-common.js';
import type { VaultStatus } from '../../services/vault/vault.js';

const ENV = 'MTLS_DESK_DATA_DIR=~/.mtls-desk';

const kdfText = (s: VaultStatus) => `scrypt N=${s.kdf!.N} r=${s.kdf!.r} p=${s.kdf!.p}`;

const init = defineCommand({
  name: 'vault init',
  summary: 'create the vault under a new master passphrase',
  description: 'At a terminal the passphrase is asked twice; a strength hint follows.',
  options: PASSPHRASE_SPECS,
  examples: [`${ENV} mtls-desk vault init --passphrase-env MTLS_PASS`],
  async run({ values }, io) {
    const desk = openCliDesk(io);
    const passphrase = await masterPassphrase(io, values, 'new master passphrase', true);
    const status = await desk.vault.init(passphrase);
    // The same strength feedback as the app's vault screen, from the one shared rule.
    const strength = passphraseStrength(passphrase);
    return {
      ...status,
      passphraseStrength: strength.level,
      hint: strength.hint,
      dir: desk.dataDir,
    };
  },
  text: (s) => `vault created in ${s.dir} (${kdfText(s)})\n  passphrase strength: ${s.hint}\n`,
  json: ({ hint: _hint, dir: _dir, ...status }) => status,
});

function statusText(s: VaultStatus, dir: string): string {
  if (!s.initialized) return `no vault in ${dir} yet: create one with mtls-desk vault init\n`;
  const damaged = s.damagedKeyFiles.length
    ? `; DAMAGED key files: ${s.damagedKeyFiles.join(', ')}`
    : '';
  const retry = s.retryAfterMs
    ? `; next unlock accepted in ${Math.ceil(s.retryAfterMs / 1000)} s`
    : '';
  const tampered = s.tampered ? `; TAMPERED: ${s.tampered}` : '';
  return `vault in ${dir}: ${s.keys} key(s), ${s.deletedKeys} deleted; ${kdfText(s)}; auto-lock ${describeAutoLock(s.idleLockMinutes)}${damaged}${retry}${tampered}\n`;
}

const status = defineCommand({
  name: 'vault status',
  summary: 'whether the vault exists, its keys, key derivation and lock state',
  options: {},
  examples: [`${ENV} mtls-desk vault status --json`],
  async run(_input, io) {
    const desk = openCliDesk(io);
    return { status: desk.vault.status(), dir: desk.dataDir };
  },
  text: ({ status, dir }) => statusText(status, dir),
  json: ({ status }) => status,
});

const changePassphrase = defineCommand({
  name: 'vault change-passphrase',
  summary: 'change the master passphrase and re-encrypt every key under it',
  options: {
    ...PASSPHRASE_SPECS,
    'new-passphrase-env': {
      type: 'string',
      value: 'VAR',
      description: 'the environment variable that holds the new passphrase',
    },
    'new-passphrase-file': {
      type: 'string',
      value: 'FILE',
      description: 'a file (mode 600) that holds the new passphrase',
    },
  },
  examples: [
    `${ENV} mtls-desk vault change-passphrase --passphrase-env OLD --new-passphrase-env NEW`,
  ],
  async run({ values }, io) {
    const desk = openCliDesk(io);
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
    return { ...status, passphraseStrength: strength.level, hint: strength.hint };
  },
  text: (s) =>
    `master passphrase changed; ${s.keys + s.deletedKeys} key(s) re-encrypted\n  passphrase strength: ${s.hint}\n`,
  json: ({ hint: _hint, ...status }) => status,
});

const keys = defineCommand({
  name: 'vault keys',
  summary: 'list the keys in the vault',
  options: { all: { type: 'boolean', description: 'list deleted keys (tombstones) too' } },
  examples: [`${ENV} mtls-desk vault keys --all --json`],
  async run({ values }, io) {
    return { keys: openCliDesk(io).vault.keys(values.all) };
  },
  text: ({ keys }) =>
    keys
      .map(
        (k) =>
          `${k.id}  ${(k.algorithm ?? 'other').padEnd(9)} ${k.origin.padEnd(9)} ${k.createdAt}  ${k.label}${k.deletedAt ? `  DELETED ${k.deletedAt}` : ''}\n`,
      )
      .join('') || 'no keys\n',
});

const deleteKey = defineCommand({
  name: 'vault delete-key',
  summary: 'delete a key, keeping a tombstone until purge',
  options: {
    ...PASSPHRASE_SPECS,
    confirm: { type: 'boolean', description: 'confirm deleting a key an onboarding still uses' },
  },
  positionals: [{ name: 'key-id', required: true, description: 'the key (mtls-desk vault keys)' }],
  examples: [`${ENV} mtls-desk vault delete-key 3f2a... --passphrase-env MTLS_PASS`],
  async run({ values, positionals: [id] }, io) {
    const unlocked = await unlockedDesk(io, values);
    return await unlocked.vault.deleteKey(id, values.confirm);
  },
  text: (key) =>
    `key ${key.id} deleted (recoverable with mtls-desk vault restore-key ${key.id} until purge)\n`,
});

const restoreKey = defineCommand({
  name: 'vault restore-key',
  summary: 'bring back a deleted key (before purge)',
  options: PASSPHRASE_SPECS,
  positionals: [{ name: 'key-id', required: true, description: 'the deleted key' }],
  examples: [`${ENV} mtls-desk vault restore-key 3f2a... --passphrase-env MTLS_PASS`],
  async run({ values, positionals: [id] }, io) {
    const unlocked = await unlockedDesk(io, values);
    return await unlocked.vault.restoreKey(id);
  },
  text: (key) => `key ${key.id} restored\n`,
});

const purge = defineCommand({
  name: 'vault purge',
  summary: 'remove deleted keys for good',
  options: {
    ...PASSPHRASE_SPECS,
    confirm: { type: 'boolean', description: 'confirm removing them (required)' },
  },
  examples: [`${ENV} mtls-desk vault purge --confirm --passphrase-env MTLS_PASS`],
  async run({ values }, io) {
    if (!values.confirm)
      throw new UserError(
        'bad-input',
        'purging deleted keys needs an explicit confirmation (--confirm): nothing was removed',
      );
    const unlocked = await unlockedDesk(io, values);
    return { purged: await unlocked.vault.purge(true) };
  },
  text: ({ purged }) => `${purged.length} deleted key(s) removed for good\n`,
});

const settings = defineCommand({
  name: 'vault settings',
  summary: 'show or change the auto-lock time and the expiry warnings',
  options: {
    'auto-lock-minutes': {
      type: 'string',
      value: 'N',
      description: 'lock after N idle minutes (0: never)',
      integer: { min: AUTO_LOCK_MINUTES.min, max: AUTO_LOCK_MINUTES.max, unit: 'minutes' },
    },
    'warn-days': {
      type: 'string',
      value: 'D,D,...',
      description:
        'warn this many days before a certificate expires: three, earliest first (e.g. 90,30,7)',
    },
  },
  examples: [`${ENV} mtls-desk vault settings --auto-lock-minutes 30 --warn-days 60,30,14`],
  async run({ values }, io) {
    const desk = openCliDesk(io);
    const warn = values['warn-days']
      ?.split(',')
      .map((d) => parseInteger(d.trim(), 'warn-days', { ...WARNING_DAYS, unit: 'days' }));
    return values['auto-lock-minutes'] === undefined && warn === undefined
      ? desk.settings.get()
      : desk.settings.update({
          autoLockMinutes: values['auto-lock-minutes'],
          expiryWarningDays: warn,
        });
  },
  text: (s) =>
    `auto-lock: ${describeAutoLock(s.autoLockMinutes)}; expiry warnings at ${s.expiryWarningDays.join(', ')} days\n`,
});

export const vaultCommand = defineGroup({
  name: 'vault',
  summary:
    'the key vault: create it, its status, change the master passphrase, keys, tombstones, settings',
  description:
    'Keys are encrypted one by one (AES-256-GCM) under a key derived from the master passphrase by\nscrypt. The data folder is MTLS_DESK_DATA_DIR. delete-key keeps a tombstone until purge.',
  subcommands: [init, status, changePassphrase, keys, deleteKey, restoreKey, purge, settings],
});
