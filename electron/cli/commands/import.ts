// `mtls-desk import`: a Thales or customer asset, a signed certificate, or a key with its certificate.
import { readSync } from 'node:fs';
import { basename } from 'node:path';
import { readInputFile } from '../../services/decode.js';
import { UserError } from '../../services/errors.js';
import { formatFindings, lazyPassphrase } from '../command.js';
import { defineCommand, printed, withExit } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';
import { cliFindings } from '../hints.js';
import { PIN_SPECS, readPin } from './token.js';
import type { ImportTarget } from '../../services/import.js';
import { masterPassphrase, openCliDesk, refusalWithFindings } from './desk-common.js';
import { MAX_STDIN_BYTES } from '../../../shared/input-limits.js';

/**
 * Standard input up to MAX_STDIN_BYTES: pasted text, never a stream read whole into memory. Reads
 * one byte past the limit to tell "exactly at" from "beyond".
 */
export function readStdinCapped(fd = 0): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, Math.min(chunk.length, MAX_STDIN_BYTES + 1 - total), null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw new UserError('unreadable-input', `standard input cannot be read (${code})`);
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > MAX_STDIN_BYTES)
      throw new UserError(
        'bad-input',
        `standard input holds more than ${MAX_STDIN_BYTES / 1024 / 1024} MB, far too much for a certificate, chain or key: pipe the file you mean`,
      );
  }
  return Buffer.concat(chunks);
}

/** A private key typed as an argument is in the process list and the shell history. */
function refuseKeyInArgument(value: string): void {
  if (/PRIVATE KEY-----/.test(value))
    throw new UserError(
      'bad-input',
      '--value holds a private key, which other users can see in the process list and which stays in the shell history: give it as a file (chmod 600) or on standard input (import ... -); nothing was imported',
    );
}

const usage =
  'mtls-desk import --onboarding <id> --as <ASSET_NAME|signed-certificate|identity> (FILE | - | --value TEXT) [--file-passphrase-env VAR | --file-passphrase-file F] [--passphrase-env VAR | --passphrase-file F] [--pin-env VAR | --pin-file F] [--module LIB] [--json]';

/** The data to import and how to name its source: --value, standard input (-) or a file. */
function inputOf(value: string | undefined, positionals: string[]) {
  if (value !== undefined) {
    if (positionals.length > 0)
      throw new UserError('bad-input', `give either FILE or --value, not both. Usage: ${usage}`);
    refuseKeyInArgument(value);
    return { data: value, source: '--value' };
  }
  if (positionals.length !== 1)
    throw new UserError(
      'bad-input',
      `give exactly one FILE (or - for standard input). Usage: ${usage}`,
    );
  if (positionals[0] === '-')
    return { data: readStdinCapped().toString('utf8'), source: 'pasted text' };
  return { data: readInputFile(positionals[0]), source: basename(positionals[0]) };
}

export const importCommand = defineCommand({
  name: 'import',
  summary: 'import a Thales or customer asset, a signed certificate, or a key with its certificate',
  usage,
  description:
    'Reads PEM, DER, PKCS#7 (.p7b), PKCS#12 (with --file-passphrase-*), encrypted or plain PKCS#8\nand traditional PEM keys; "-" reads pasted text from standard input. Chains are put leaf\nfirst; a certificate must match a key of the onboarding; Thales assets are linted. Host\nassets (TSH_INBOUND_HOST, ISSUER_HOST) take "host/base/path" with --value or in the file.\n--as identity stores the key in the vault (needs the master passphrase).\nA signed certificate for a key on a PKCS#11 token is stored on the token too, beside its key\n(--pin-env/--pin-file, or a prompt at a terminal; --module when the identity records none).',
  options: {
    onboarding: { type: 'string', value: 'ID', required: true, description: 'the onboarding' },
    as: {
      type: 'string',
      value: 'ASSET_NAME|signed-certificate|identity',
      required: true,
      description: 'what the input is',
    },
    value: { type: 'string', value: 'TEXT', description: 'the input itself (a host, never a key)' },
    'file-passphrase-env': {
      type: 'string',
      value: 'VAR',
      description: "the environment variable that holds the input file's password",
    },
    'file-passphrase-file': {
      type: 'string',
      value: 'FILE',
      description: "a file that holds the input file's password",
    },
    ...PASSPHRASE_SPECS,
    ...PIN_SPECS,
  },
  positionals: [{ name: 'FILE', multiple: true, description: 'the file, or - for standard input' }],
  examples: [
    'mtls-desk import --onboarding tsh-classic/CUST01/preprod --as TSH_TLS_SERVER_CERTIFICATE_CHAIN chain.pem',
    'mtls-desk import --onboarding d1-ecom/12345/preprod --as signed-certificate - < signed.pem',
  ],
  async run({ values, positionals }, io) {
    const as = values.as as ImportTarget;
    const { data, source } = inputOf(values.value, positionals);
    const desk = openCliDesk(io);
    if (as === 'identity') await desk.vault.unlock(await masterPassphrase(io, values));
    const passphrase = lazyPassphrase(
      io,
      {
        'passphrase-env': values['file-passphrase-env'],
        'passphrase-file': values['file-passphrase-file'],
      },
      `password of ${source}`,
    );
    let result;
    try {
      result = await desk.assets.import({
        onboardingId: values.onboarding,
        as,
        data,
        source,
        passphrase,
        // Asked only when the certificate's key is on a token; never kept.
        tokenPin: (token) =>
          values['pin-env'] !== undefined || values['pin-file'] !== undefined || io.interactive
            ? readPin(io, values, token)
            : undefined,
        tokenModule: values.module,
      });
    } catch (error) {
      const code = refusalWithFindings(io, error, values.json);
      if (code !== null) return printed(code);
      throw error;
    }
    const ok = result.findings.every((f) => f.severity !== 'error');
    return withExit({ ok, ...result }, ok ? 0 : 1);
  },
  json: (r) => ({ ...r, findings: cliFindings(r.findings) }),
  text: ({ ok: _ok, ...result }, { values }) =>
    `imported into ${values.onboarding}: ${result.stored}\n${result.certificates.map((c, i) => `  ${i + 1}. ${c.subject}  (until ${c.notAfter})\n`).join('')}${formatFindings(result.findings)}`,
});
