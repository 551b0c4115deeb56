// What selfsign, csr and identity share: the subject argument, a key from a file or a token, and
// the Common Name line with its layout status.
import type { Finding } from '../../../shared/findings.js';
import { commonNameLayoutStatus } from '../../../shared/rules/subject.js';
import { parseSubject, SubjectSyntaxError, type Subject } from '../../../shared/subject.js';
import { decodePrivateKeyFile } from '../../services/decode.js';
import { UserError } from '../../services/errors.js';
import type { SigningKey } from '../../services/identity.js';
import { withTokenKey } from '../../services/token/token.js';
import { lazyPassphrase, type CliIO, type PassphraseFlags } from '../command.js';
import type { OptionSpec } from '../define.js';
import { moduleOf, readPin, tokenKeyArg, type PinFlags } from './token.js';

export const SUBJECT_SPEC = {
  type: 'string',
  value: '"C=..,ST=..,L=..,O=..,OU=.."',
  description: 'the subject, in OpenSSL order',
} as const satisfies OptionSpec;

export const KEY_SPEC = {
  type: 'string',
  value: 'FILE|pkcs11:...',
  required: true,
  description: 'the private key: a PEM/DER file, or the pkcs11: URI of a key on a token',
} as const satisfies OptionSpec;

export const OUT_SPECS = {
  out: { type: 'string', value: 'FILE', required: true, description: 'where to write it' },
  force: { type: 'boolean', description: 'overwrite FILE' },
} as const satisfies Record<string, OptionSpec>;

export function subjectArg(text: string | undefined): Subject {
  if (text === undefined) return {};
  try {
    return parseSubject(text);
  } catch (error) {
    if (error instanceof SubjectSyntaxError)
      throw new UserError('bad-input', `--subject: ${error.message}`);
    throw error;
  }
}

/** `--key` is a key file, or a `pkcs11:` URI of a key on a token (signed there, PIN from --pin-env/--pin-file). */
export async function withKeyArg<T>(
  io: CliIO,
  values: PinFlags & PassphraseFlags,
  keyArg: string,
  use: (key: SigningKey, token?: { certificate(der: Buffer, label?: string): void }) => Promise<T>,
): Promise<T> {
  const token = tokenKeyArg(keyArg);
  if (token === null) return use(await decodePrivateKeyFile(keyArg, lazyPassphrase(io, values)));
  const module = moduleOf(io, values.module);
  const pin = await readPin(io, values, token);
  return withTokenKey({ module, uri: keyArg, pin }, (signer, store) => use(signer, store));
}

/** The final CN and whether its layout is confirmed, for every output. */
export function commonNameLine(commonName: string, findings: Finding[]): string {
  const status = commonNameLayoutStatus(findings);
  return `${commonName}${status === 'confirmed' ? '  (layout confirmed with Thales)' : status === 'unconfirmed' ? '  (layout NOT confirmed: confirm it with your Thales representative)' : ''}`;
}
