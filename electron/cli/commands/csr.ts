// `mtls-desk csr`: the CSR for the Thales CA (D1).
import { identifierProblem } from '../../../shared/identifier.js';
import { commonNameLayoutStatus } from '../../../shared/rules/subject.js';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import { createCsr } from '../../services/identity.js';
import { formatFindings, programAndEnvironment } from '../command.js';
import { defineCommand } from '../define.js';
import { cliFindings } from '../hints.js';
import { PASSPHRASE_SPECS, PROGRAM_SPECS } from '../options.js';
import { savedCommonNameLayout } from './cn-layout.js';
import {
  commonNameLine,
  KEY_SPEC,
  OUT_SPECS,
  SUBJECT_SPEC,
  subjectArg,
  withKeyArg,
} from './signing.js';
import { PIN_SPECS } from './token.js';

export const csrCommand = defineCommand({
  name: 'csr',
  summary: 'make the CSR for the Thales CA (D1)',
  description:
    "PKCS#10, SHA-256, subject C, ST, L, O, OU, CN in OpenSSL's order and string types. The CN is\nbuilt from the program's template unless the subject gives one; it is always printed.",
  options: {
    ...PROGRAM_SPECS,
    id: { type: 'string', value: 'IDENTIFIER', required: true, description: 'your identifier' },
    subject: { ...SUBJECT_SPEC, required: true },
    key: KEY_SPEC,
    'cn-template': {
      type: 'string',
      value: 'T',
      description: 'the CN layout, e.g. "TLSMA-{keyType}/{identifier}-{envCode}"',
    },
    ...OUT_SPECS,
    ...PASSPHRASE_SPECS,
    ...PIN_SPECS,
  },
  examples: [
    'mtls-desk csr --program d1-ecom --env preprod --id 12345 --subject "C=FR,ST=IDF,L=Paris,O=Acme,OU=IT" --key client.key --out client.csr',
  ],
  async run({ values, usage }, io) {
    const { profile, environment } = programAndEnvironment(io, values, usage);
    const subject = subjectArg(values.subject);
    // A wrong identifier is said before anyone is asked for the key's passphrase.
    const problem = identifierProblem(profile, values.id);
    if (problem) throw new UserError('bad-input', problem);
    const result = await withKeyArg(io, values, values.key, (privateKey) =>
      createCsr({
        profile,
        environmentId: environment.id,
        identifier: values.id,
        subject,
        commonNameTemplate: values['cn-template'],
        confirmedCommonNameTemplate: savedCommonNameLayout(io, profile.id),
        privateKey,
      }),
    );
    writeFileAtomic(values.out, result.pem, { overwrite: values.force, mode: 0o644 });
    return {
      out: values.out,
      commonName: result.commonName,
      commonNameLayout: commonNameLayoutStatus(result.findings),
      csr: result.facts,
      findings: result.findings,
    };
  },
  json: (r) => ({ ...r, findings: cliFindings(r.findings) }),
  text: (r) =>
    `wrote CSR to ${r.out}\n  Common Name  ${commonNameLine(r.commonName, r.findings)}\n${formatFindings(r.findings)}`,
});
