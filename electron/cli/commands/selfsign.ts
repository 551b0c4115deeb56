// `mtls-desk selfsign`: the self-signed client certificate (TSH, TMG).
import { writeFileAtomic } from '../../services/files.js';
import { createSelfSignedCertificate, type SigningKey } from '../../services/identity.js';
import { x509 } from '../../services/x509-provider.js';
import { formatFindings, programAndEnvironment } from '../command.js';
import { defineCommand } from '../define.js';
import { cliFindings } from '../hints.js';
import { DAYS, PASSPHRASE_SPECS, PROGRAM_SPECS } from '../options.js';
import { KEY_SPEC, OUT_SPECS, SUBJECT_SPEC, subjectArg, withKeyArg } from './signing.js';
import { PIN_SPECS } from './token.js';

export const selfsignCommand = defineCommand({
  name: 'selfsign',
  summary: 'make the self-signed client certificate (TSH, TMG)',
  description:
    'SHA-256, CA:FALSE, keyUsage digitalSignature (+keyEncipherment for RSA), EKU clientAuth,\na random 128-bit serial; validity defaults to the program maximum and never exceeds it.',
  options: {
    ...PROGRAM_SPECS,
    cn: { type: 'string', value: '"CN"', required: true, description: 'the CN from the portal' },
    key: KEY_SPEC,
    subject: SUBJECT_SPEC,
    days: {
      type: 'string',
      value: 'N',
      description: 'validity (default and maximum: the program maximum)',
      integer: DAYS,
    },
    ...OUT_SPECS,
    ...PASSPHRASE_SPECS,
    ...PIN_SPECS,
  },
  examples: [
    'mtls-desk selfsign --program tsh-classic --env preprod --cn "TSH-CUST01" --key client.key --out client.pem',
  ],
  async run({ values, usage }, io) {
    const { profile, environment } = programAndEnvironment(io, values, usage);
    const make = (privateKey: SigningKey) =>
      createSelfSignedCertificate({
        profile,
        environmentId: environment.id,
        commonName: values.cn,
        subject: subjectArg(values.subject),
        privateKey,
        days: values.days,
      });
    const result = await withKeyArg(io, values, values.key, async (key, token) => {
      const made = await make(key);
      // On a token, the certificate is stored beside its key (same CKA_ID) for other software.
      token?.certificate(Buffer.from(new x509.X509Certificate(made.pem).rawData));
      return made;
    });
    writeFileAtomic(values.out, result.pem, { overwrite: values.force, mode: 0o644 });
    return { out: values.out, certificate: result.facts, findings: result.findings };
  },
  json: (r) => ({ ...r, findings: cliFindings(r.findings) }),
  text: ({ out, certificate: c, findings }, { values }) =>
    `wrote self-signed client certificate to ${out}\n  Common Name  ${values.cn}\n  valid        ${c.notBefore} to ${c.notAfter}\n  SHA-256      ${c.sha256Fingerprint}\n${formatFindings(findings)}`,
});
