// `mtls-desk export key|p12|chain`: the key (encrypted PKCS#8), a PKCS#12 or the certificate chain
// of an onboarding's identity. The export passphrase protects the file; the master passphrase
// (--passphrase-*) unlocks the vault.
import { UserError } from '../../services/errors.js';
import {
  PKCS12_PRESETS,
  PRESET_DESCRIPTIONS,
  type Pkcs12Preset,
} from '../../services/export/pkcs12.js';
import { readPassphrase, type CliIO } from '../command.js';
import { defineCommand, defineGroup, type Values } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';
import { masterPassphrase, openCliDesk } from './desk-common.js';

const ID = 'tsh-classic/CUST01/preprod';

const TARGET = {
  onboarding: { type: 'string', value: 'ID', required: true, description: 'the onboarding' },
  identity: {
    type: 'string',
    value: 'ID',
    description: 'an older identity (default: the current one)',
  },
  out: { type: 'string', value: 'FILE', required: true, description: 'where to write it' },
  force: { type: 'boolean', description: 'overwrite FILE' },
} as const;

const SECRET = {
  ...TARGET,
  'export-passphrase-env': {
    type: 'string',
    value: 'VAR',
    description: "the environment variable that holds the exported file's passphrase",
  },
  'export-passphrase-file': {
    type: 'string',
    value: 'FILE',
    description: "a file (mode 600) that holds the exported file's passphrase",
  },
  ...PASSPHRASE_SPECS,
} as const;

const target = (values: Values<typeof TARGET>) => ({
  onboardingId: values.onboarding,
  identityId: values.identity,
  out: values.out,
  overwrite: values.force,
});

/** The master passphrase (checked by the export itself, the one attempt counter) and the file's own. */
async function passphrases(io: CliIO, values: Values<typeof SECRET>) {
  const master = await masterPassphrase(io, values);
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
  return { masterPassphrase: master, passphrase };
}

const written =
  (what: string) =>
  (r: { sha256: string }, { values }: { values: { out: string } }) =>
    `wrote ${what} to ${values.out} (re-opened and checked)\n  SHA-256 ${r.sha256}\n`;

const key = defineCommand({
  name: 'export key',
  summary:
    'the private key as PKCS#8 encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256 (600,000 iterations)',
  options: SECRET,
  examples: [
    `mtls-desk export key --onboarding ${ID} --out client.key --export-passphrase-env EXPORT_PASS --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const desk = openCliDesk(io);
    const result = await desk.exports.key({
      ...target(values),
      ...(await passphrases(io, values)),
    });
    return { kind: 'key', ...result };
  },
  text: written('encrypted private key'),
});

const p12 = defineCommand({
  name: 'export p12',
  summary: 'the key and its certificate chain as PKCS#12',
  description: PKCS12_PRESETS.map((p) => `${p}: ${PRESET_DESCRIPTIONS[p]}`).join('\n'),
  options: {
    ...SECRET,
    preset: { type: 'string', value: PKCS12_PRESETS.join('|'), description: 'default modern' },
  },
  examples: [
    `mtls-desk export p12 --onboarding ${ID} --preset legacy --out client.p12 --export-passphrase-env EXPORT_PASS --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const preset = (values.preset ?? 'modern') as Pkcs12Preset;
    if (!PKCS12_PRESETS.includes(preset))
      throw new UserError('bad-input', `--preset must be ${PKCS12_PRESETS.join(' or ')}`);
    const desk = openCliDesk(io);
    const secrets = await passphrases(io, values);
    const result = await desk.exports.pkcs12({ ...target(values), ...secrets, preset });
    return { kind: 'p12', ...result, preset };
  },
  text: (r, input) => written(`PKCS#12 (${r.preset})`)(r, input),
  json: ({ preset: _preset, ...json }) => json,
});

const chain = defineCommand({
  name: 'export chain',
  summary: 'the client certificate and its issuers as PEM, leaf first (no secret; no passphrase)',
  options: TARGET,
  examples: [`mtls-desk export chain --onboarding ${ID} --out chain.pem`],
  async run({ values }, io) {
    const result = await openCliDesk(io).exports.chain(target(values));
    return { kind: 'chain', ...result };
  },
  text: written('certificate chain, leaf first'),
});

export const exportCommand = defineGroup({
  name: 'export',
  summary:
    'export the key (encrypted PKCS#8), a PKCS#12 (modern or legacy) or the certificate chain',
  description:
    'The export passphrase protects the file; the master passphrase (--passphrase-*) unlocks the vault.',
  subcommands: [key, p12, chain],
});
