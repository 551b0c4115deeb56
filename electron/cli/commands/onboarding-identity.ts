import { commonNameLayoutStatus } from '../../../shared/rules/subject.js';
import { commonNameLine } from './identity.js';
import {
  isKeyAlgorithmId,
  KEY_ALGORITHM_IDS,
  type KeyAlgorithmId,
} from '../../../shared/algorithms.js';
import { UserError } from '../../services/errors.js';
import {
  COMMON_OPTIONS,
  formatFindings,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  requireOption,
  type CliCommand,
} from '../command.js';
import { cliFindings } from '../hints.js';
import { openCliDesk, subcommand, unlockedDesk, wholeNumber } from './desk-common.js';
import { isPkcs11Uri } from '../../../shared/pkcs11.js';
import { PIN_OPTIONS, readPin } from './token.js';
import { subjectArg } from './identity.js';

const usage = `mtls-desk identity generate --onboarding <id> --algorithm ${KEY_ALGORITHM_IDS.join('|')} (--cn "<CN>" | --subject "C=..,ST=..,L=..,O=..,OU=..") [--cn-template T] [--days N] [--module LIB --token LABEL (--pin-env VAR | --pin-file F)] | renew --onboarding <id> [--algorithm A] [--days N] [--pin-env VAR | --pin-file F] | retire --onboarding <id> --identity <identity-id> [--passphrase-env VAR | --passphrase-file F] [--json]`;

function algorithmArg(value: string | undefined): KeyAlgorithmId | undefined {
  if (value === undefined) return undefined;
  if (!isKeyAlgorithmId(value))
    throw new UserError(
      'bad-input',
      `unknown key algorithm "${value}": use one of ${KEY_ALGORITHM_IDS.join(', ')}`,
    );
  return value;
}

export const onboardingIdentityCommand: CliCommand = {
  summary:
    'the client identity of an onboarding: key in the vault + certificate or CSR; renew, retire',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        onboarding: { type: 'string' },
        algorithm: { type: 'string' },
        cn: { type: 'string' },
        subject: { type: 'string' },
        'cn-template': { type: 'string' },
        days: { type: 'string' },
        identity: { type: 'string' },
        ...PIN_OPTIONS,
        token: { type: 'string' },
      },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  generate makes the key inside the vault (it never leaves unencrypted) and the self-signed\n  certificate (TSH, TMG) or the CSR (D1) to the program's rules. renew makes a new key with the\n  same algorithm and subject and keeps the old identity in use until it is retired.\n`,
        ),
        0
      );
    const name = subcommand(positionals, ['generate', 'renew', 'retire'], usage);
    const onboardingId = requireOption(values.onboarding, 'onboarding', usage);
    // A key on a token needs the token's PIN, not the vault: the vault stays locked.
    const onToken =
      values.token !== undefined ||
      (name !== 'retire' && (values['pin-env'] ?? values['pin-file']) !== undefined);
    const desk = onToken ? openCliDesk(io) : await unlockedDesk(io, values);
    if (name === 'retire') {
      const identity = desk.identity.retire({
        onboardingId,
        identityId: requireOption(values.identity, 'identity', usage),
      });
      if (values.json) printJson(io, { identity });
      else io.stdout(`identity ${identity.id} of ${onboardingId} retired\n`);
      return 0;
    }
    const result =
      name === 'generate'
        ? await desk.identity.generate({
            onboardingId,
            algorithm: algorithmArg(requireOption(values.algorithm, 'algorithm', usage))!,
            commonName: values.cn,
            subject: subjectArg(values.subject),
            commonNameTemplate: values['cn-template'],
            days: wholeNumber(values.days, 'days'),
            token:
              values.token !== undefined
                ? {
                    module: desk.tokens.module(values.module),
                    token: values.token,
                    pin: await readPin(io, values, values.token),
                  }
                : undefined,
          })
        : await desk.identity.renew({
            onboardingId,
            algorithm: algorithmArg(values.algorithm),
            days: wholeNumber(values.days, 'days'),
            module: values.module,
            pin: onToken ? await readPin(io, values, 'of the current key') : undefined,
          });
    const { identity } = result;
    if (values.json) {
      printJson(io, {
        onboardingId,
        identity,
        commonNameLayout: commonNameLayoutStatus(result.findings),
        pem: result.pem,
        findings: cliFindings(result.findings),
      });
    } else {
      io.stdout(
        `${name === 'renew' ? 'renewed' : 'generated'} identity ${identity.id} for ${onboardingId}\n  key          ${identity.keyId} (${identity.algorithm}, ${isPkcs11Uri(identity.keyId) ? 'on the token, never extractable' : 'in the vault'})\n  Common Name  ${commonNameLine(identity.commonName, result.findings)}\n` +
          (identity.certificate
            ? `  certificate  SHA-256 ${identity.certificate.sha256Fingerprint}, valid until ${identity.certificate.notAfter}\n`
            : '  CSR          ready: mtls-desk bundle puts it in the portal bundle as CUSTOMER_CSR.pem\n') +
          formatFindings(result.findings),
      );
    }
    return 0;
  },
};
