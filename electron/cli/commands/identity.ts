import type { Finding } from '../../../shared/findings.js';
import { identifierProblem } from '../../../shared/identifier.js';
import { commonNameLayoutStatus } from '../../../shared/rules/subject.js';
import { savedCommonNameLayout } from './cn-layout.js';
import { parseSubject, SubjectSyntaxError, type Subject } from '../../../shared/subject.js';
import { decodePrivateKeyFile } from '../../services/decode.js';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import {
  createCsr,
  createSelfSignedCertificate,
  type SigningKey,
} from '../../services/identity.js';
import { withTokenKey } from '../../services/token/token.js';
import { x509 } from '../../services/x509-provider.js';
import { moduleOf, PIN_OPTIONS, readPin, tokenKeyArg, type PinFlags } from './token.js';
import {
  COMMON_OPTIONS,
  formatFindings,
  lazyPassphrase,
  PASSPHRASE_OPTIONS,
  parseCommandArgs,
  printJson,
  programAndEnvironment,
  requireOption,
  type CliCommand,
  type CliIO,
  type PassphraseFlags,
} from '../command.js';
import { cliFindings } from '../hints.js';

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
async function withKeyArg<T>(
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

const selfsignUsage =
  'mtls-desk selfsign --program tsh-classic|tmg-merchant --env <env> --cn "<CN from the portal>" --key client.key|pkcs11:token=..;object=.. [--module LIB] [--subject "O=..,C=.."] [--days N] --out client.pem [--passphrase-env VAR | --passphrase-file F | --pin-env VAR | --pin-file F] [--force] [--json]';

export const selfsignCommand: CliCommand = {
  summary: 'make the self-signed client certificate (TSH, TMG)',
  usage: selfsignUsage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        program: { type: 'string' },
        env: { type: 'string' },
        cn: { type: 'string' },
        key: { type: 'string' },
        subject: { type: 'string' },
        days: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        ...PIN_OPTIONS,
      },
      selfsignUsage,
    );
    if (values.help)
      return (
        io.stdout(
          `${selfsignUsage}\n  SHA-256, CA:FALSE, keyUsage digitalSignature (+keyEncipherment for RSA), EKU clientAuth,\n  a random 128-bit serial; validity defaults to the program maximum and never exceeds it.\n`,
        ),
        0
      );
    const { profile, environment } = programAndEnvironment(io, values, selfsignUsage);
    const cn = requireOption(values.cn, 'cn', selfsignUsage);
    const out = requireOption(values.out, 'out', selfsignUsage);
    let days: number | undefined;
    if (values.days !== undefined) {
      days = Number(values.days);
      if (!/^\d+$/.test(values.days))
        throw new UserError('bad-input', `--days "${values.days}" is not a whole number of days`);
    }
    const keyArg = requireOption(values.key, 'key', selfsignUsage);
    const make = (privateKey: SigningKey) =>
      createSelfSignedCertificate({
        profile,
        environmentId: environment.id,
        commonName: cn,
        subject: subjectArg(values.subject),
        privateKey,
        days,
      });
    const result = await withKeyArg(io, values, keyArg, async (key, token) => {
      const made = await make(key);
      // On a token, the certificate is stored beside its key (same CKA_ID) for other software.
      token?.certificate(Buffer.from(new x509.X509Certificate(made.pem).rawData));
      return made;
    });
    writeFileAtomic(out, result.pem, { overwrite: values.force, mode: 0o644 });
    if (values.json)
      printJson(io, { out, certificate: result.facts, findings: cliFindings(result.findings) });
    else
      io.stdout(
        `wrote self-signed client certificate to ${out}\n  Common Name  ${cn}\n  valid        ${result.facts.notBefore} to ${result.facts.notAfter}\n  SHA-256      ${result.facts.sha256Fingerprint}\n${formatFindings(result.findings)}`,
      );
    return 0;
  },
};

const csrUsage =
  'mtls-desk csr --program d1-ecom|d1-issuer|xpay-enablement --env <env> --id <identifier> --subject "C=FR,ST=...,L=...,O=...,OU=...[,CN=...]" --key client.key|pkcs11:token=..;object=.. [--module LIB] [--cn-template "TLSMA-{keyType}/{identifier}-{envCode}"] --out client.csr [--passphrase-env VAR | --passphrase-file F | --pin-env VAR | --pin-file F] [--force] [--json]';

/** The final CN and whether its layout is confirmed, for every output. */
export function commonNameLine(commonName: string, findings: Finding[]): string {
  const status = commonNameLayoutStatus(findings);
  return `${commonName}${status === 'confirmed' ? '  (layout confirmed with Thales)' : status === 'unconfirmed' ? '  (layout NOT confirmed: confirm it with your Thales representative)' : ''}`;
}

export const csrCommand: CliCommand = {
  summary: 'make the CSR for the Thales CA (D1)',
  usage: csrUsage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        ...PASSPHRASE_OPTIONS,
        program: { type: 'string' },
        env: { type: 'string' },
        id: { type: 'string' },
        subject: { type: 'string' },
        key: { type: 'string' },
        'cn-template': { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
        ...PIN_OPTIONS,
      },
      csrUsage,
    );
    if (values.help)
      return (
        io.stdout(
          `${csrUsage}\n  PKCS#10, SHA-256, subject C, ST, L, O, OU, CN in OpenSSL's order and string types. The CN is\n  built from the program's template unless the subject gives one; it is always printed.\n`,
        ),
        0
      );
    const { profile, environment } = programAndEnvironment(io, values, csrUsage);
    const identifier = requireOption(values.id, 'id', csrUsage);
    const out = requireOption(values.out, 'out', csrUsage);
    const subject = subjectArg(requireOption(values.subject, 'subject', csrUsage));
    // A wrong identifier is said before anyone is asked for the key's passphrase.
    const problem = identifierProblem(profile, identifier);
    if (problem) throw new UserError('bad-input', problem);
    const result = await withKeyArg(
      io,
      values,
      requireOption(values.key, 'key', csrUsage),
      (privateKey) =>
        createCsr({
          profile,
          environmentId: environment.id,
          identifier,
          subject,
          commonNameTemplate: values['cn-template'],
          confirmedCommonNameTemplate: savedCommonNameLayout(io, profile.id),
          privateKey,
        }),
    );
    writeFileAtomic(out, result.pem, { overwrite: values.force, mode: 0o644 });
    if (values.json)
      printJson(io, {
        out,
        commonName: result.commonName,
        commonNameLayout: commonNameLayoutStatus(result.findings),
        csr: result.facts,
        findings: cliFindings(result.findings),
      });
    else
      io.stdout(
        `wrote CSR to ${out}\n  Common Name  ${commonNameLine(result.commonName, result.findings)}\n${formatFindings(result.findings)}`,
      );
    return 0;
  },
};
