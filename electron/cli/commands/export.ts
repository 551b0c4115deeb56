import { UserError } from '../../services/errors.js';
import {
  PKCS12_PRESETS,
  PRESET_DESCRIPTIONS,
  type Pkcs12Preset,
} from '../../services/export/pkcs12.js';
import {
  COMMON_OPTIONS,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  readPassphrase,
  requireOption,
  type CliCommand,
} from '../command.js';
import { masterPassphrase, openCliDesk, subcommand } from './desk-common.js';

const usage =
  'mtls-desk export key|p12|chain --onboarding <id> [--identity <identity-id>] [--preset modern|legacy] --out FILE [--export-passphrase-env VAR | --export-passphrase-file F] [--passphrase-env VAR | --passphrase-file F] [--force] [--json]';

export const exportCommand: CliCommand = {
  summary:
    'export the key (encrypted PKCS#8), a PKCS#12 (modern or legacy) or the certificate chain',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        onboarding: { type: 'string' },
        identity: { type: 'string' },
        preset: { type: 'string' },
        out: { type: 'string' },
        'export-passphrase-env': { type: 'string' },
        'export-passphrase-file': { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      usage,
      true,
    );
    if (values.help) {
      return (
        io.stdout(
          `${usage}\n  key:   PKCS#8 encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256 (600,000 iterations)\n  p12:   ${PKCS12_PRESETS.map((p) => `${p}: ${PRESET_DESCRIPTIONS[p]}`).join('\n         ')}\n  chain: the client certificate and its issuers as PEM, leaf first (no secret; no passphrase)\n  The export passphrase protects the file; the master passphrase (--passphrase-*) unlocks the vault.\n`,
        ),
        0
      );
    }
    const kind = subcommand(positionals, ['key', 'p12', 'chain'], usage);
    const onboardingId = requireOption(values.onboarding, 'onboarding', usage);
    const out = requireOption(values.out, 'out', usage);
    const target = { onboardingId, identityId: values.identity, out, overwrite: values.force };
    let result;
    if (kind === 'chain') {
      result = await openCliDesk(io).exports.chain(target);
    } else {
      const preset = (values.preset ?? 'modern') as Pkcs12Preset;
      if (kind === 'p12' && !PKCS12_PRESETS.includes(preset))
        throw new UserError('bad-input', `--preset must be ${PKCS12_PRESETS.join(' or ')}`);
      if (kind === 'key' && values.preset !== undefined)
        throw new UserError('bad-input', '--preset applies to p12 only');
      const desk = openCliDesk(io);
      // The master passphrase is checked by the export itself (the one attempt counter), which unlocks the vault.
      const masterPassphraseValue = await masterPassphrase(io, values);
      const passphrase = await readPassphrase(
        io,
        values['export-passphrase-env'],
        values['export-passphrase-file'],
        'passphrase for the exported file',
        true,
      );
      if (passphrase === undefined)
        throw new UserError(
          'passphrase-required',
          'the exported file needs its own passphrase: give --export-passphrase-env VAR or --export-passphrase-file F',
        );
      result =
        kind === 'key'
          ? await desk.exports.key({
              ...target,
              passphrase,
              masterPassphrase: masterPassphraseValue,
            })
          : await desk.exports.pkcs12({
              ...target,
              passphrase,
              preset,
              masterPassphrase: masterPassphraseValue,
            });
    }
    if (values.json) printJson(io, { kind, ...result });
    else
      io.stdout(
        `wrote ${kind === 'key' ? 'encrypted private key' : kind === 'p12' ? `PKCS#12 (${values.preset ?? 'modern'})` : 'certificate chain, leaf first'} to ${out} (re-opened and checked)\n  SHA-256 ${result.sha256}\n`,
      );
    return 0;
  },
};
