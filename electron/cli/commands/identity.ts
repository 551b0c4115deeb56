// `mtls-desk identity`: the client identity of an onboarding (key in the vault or on a token, and
// its certificate or CSR); renew, retire.
import { commonNameLayoutStatus } from '../../../shared/rules/subject.js';
import {
  isKeyAlgorithmId,
  KEY_ALGORITHM_IDS,
  type KeyAlgorithmId,
} from '../../../shared/algorithms.js';
import { isPkcs11Uri } from '../../../shared/pkcs11.js';
import { UserError } from '../../services/errors.js';
import type { Desk } from '../../services/desk.js';
import type { IdentityResult } from '../../services/onboarding-identity.js';
import { formatFindings, type CliIO } from '../command.js';
import { defineCommand, defineGroup, type Values } from '../define.js';
import { cliFindings } from '../hints.js';
import { DAYS, PASSPHRASE_SPECS } from '../options.js';
import { openCliDesk, unlockedDesk } from './desk-common.js';
import { commonNameLine, SUBJECT_SPEC, subjectArg } from './signing.js';
import { PIN_SPECS, readPin } from './token.js';

const ONBOARDING = {
  onboarding: {
    type: 'string',
    value: 'ID',
    required: true,
    description: 'the onboarding (mtls-desk onboarding list)',
  },
} as const;
const ID = 'tsh-classic/CUST01/preprod';

function algorithmArg(value: string | undefined): KeyAlgorithmId | undefined {
  if (value === undefined) return undefined;
  if (!isKeyAlgorithmId(value))
    throw new UserError(
      'bad-input',
      `unknown key algorithm "${value}": use one of ${KEY_ALGORITHM_IDS.join(', ')}`,
    );
  return value;
}

/** A key on a token needs the token's PIN, not the vault: the vault stays locked. */
async function deskFor(
  io: CliIO,
  values: Values<typeof PIN_SPECS & typeof PASSPHRASE_SPECS>,
  onToken: boolean,
): Promise<Desk> {
  return onToken ? openCliDesk(io) : await unlockedDesk(io, values);
}

const made = (onboardingId: string, verb: string, result: IdentityResult) => ({
  onboardingId,
  identity: result.identity,
  commonNameLayout: commonNameLayoutStatus(result.findings),
  pem: result.pem,
  findings: result.findings,
  verb,
});

function madeText(r: ReturnType<typeof made>): string {
  const { identity } = r;
  const where = isPkcs11Uri(identity.keyId) ? 'on the token, never extractable' : 'in the vault';
  return (
    `${r.verb} identity ${identity.id} for ${r.onboardingId}\n  key          ${identity.keyId} (${identity.algorithm}, ${where})\n  Common Name  ${commonNameLine(identity.commonName, r.findings)}\n` +
    (identity.certificate
      ? `  certificate  SHA-256 ${identity.certificate.sha256Fingerprint}, valid until ${identity.certificate.notAfter}\n`
      : '  CSR          ready: mtls-desk bundle puts it in the portal bundle as CUSTOMER_CSR.pem\n') +
    formatFindings(r.findings)
  );
}

const DAYS_SPEC = {
  days: { type: 'string', value: 'N', description: 'certificate validity', integer: DAYS },
} as const;

const generate = defineCommand({
  name: 'identity generate',
  summary:
    "make the key inside the vault (it never leaves unencrypted) or on a token, and the self-signed certificate (TSH, TMG) or the CSR (D1) to the program's rules",
  options: {
    ...ONBOARDING,
    algorithm: {
      type: 'string',
      value: KEY_ALGORITHM_IDS.join('|'),
      required: true,
      description: 'the key algorithm',
    },
    cn: { type: 'string', value: '"CN"', description: 'the Common Name (TSH, TMG)' },
    subject: SUBJECT_SPEC,
    'cn-template': { type: 'string', value: 'T', description: 'the CN layout (D1)' },
    ...DAYS_SPEC,
    token: {
      type: 'string',
      value: 'LABEL',
      description: 'make the key on this PKCS#11 token instead of the vault',
    },
    ...PIN_SPECS,
    ...PASSPHRASE_SPECS,
  },
  examples: [
    `mtls-desk identity generate --onboarding ${ID} --algorithm ec-p256 --cn "TSH-CUST01" --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const onToken =
      values.token !== undefined || (values['pin-env'] ?? values['pin-file']) !== undefined;
    const desk = await deskFor(io, values, onToken);
    const result = await desk.identity.generate({
      onboardingId: values.onboarding,
      algorithm: algorithmArg(values.algorithm)!,
      commonName: values.cn,
      subject: subjectArg(values.subject),
      commonNameTemplate: values['cn-template'],
      days: values.days,
      token:
        values.token !== undefined
          ? {
              module: desk.tokens.module(values.module),
              token: values.token,
              pin: await readPin(io, values, values.token),
            }
          : undefined,
    });
    return made(values.onboarding, 'generated', result);
  },
  text: madeText,
  json: ({ verb: _verb, ...json }) => ({ ...json, findings: cliFindings(json.findings) }),
});

const renew = defineCommand({
  name: 'identity renew',
  summary:
    'a new key with the same algorithm and subject; the old identity stays in use until it is retired',
  options: {
    ...ONBOARDING,
    algorithm: { type: 'string', value: 'A', description: 'another key algorithm' },
    ...DAYS_SPEC,
    ...PIN_SPECS,
    ...PASSPHRASE_SPECS,
  },
  examples: [`mtls-desk identity renew --onboarding ${ID} --passphrase-env MTLS_PASS`],
  async run({ values }, io) {
    const onToken = (values['pin-env'] ?? values['pin-file']) !== undefined;
    const desk = await deskFor(io, values, onToken);
    const result = await desk.identity.renew({
      onboardingId: values.onboarding,
      algorithm: algorithmArg(values.algorithm),
      days: values.days,
      module: values.module,
      pin: onToken ? await readPin(io, values, 'of the current key') : undefined,
    });
    return made(values.onboarding, 'renewed', result);
  },
  text: madeText,
  json: ({ verb: _verb, ...json }) => ({ ...json, findings: cliFindings(json.findings) }),
});

const retire = defineCommand({
  name: 'identity retire',
  summary: 'stop using an older identity of an onboarding',
  options: {
    ...ONBOARDING,
    identity: {
      type: 'string',
      value: 'ID',
      required: true,
      description: 'the identity to retire',
    },
    ...PASSPHRASE_SPECS,
  },
  examples: [
    `mtls-desk identity retire --onboarding ${ID} --identity 2 --passphrase-env MTLS_PASS`,
  ],
  async run({ values }, io) {
    const desk = await unlockedDesk(io, values);
    const identity = desk.identity.retire({
      onboardingId: values.onboarding,
      identityId: values.identity,
    });
    return { identity };
  },
  text: ({ identity }, { values }) => `identity ${identity.id} of ${values.onboarding} retired\n`,
});

export const identityCommand = defineGroup({
  name: 'identity',
  summary:
    'the client identity of an onboarding: key in the vault + certificate or CSR; renew, retire',
  subcommands: [generate, renew, retire],
});
