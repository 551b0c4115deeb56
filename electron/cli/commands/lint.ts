// `mtls-desk lint`: certificates, chains, CSRs and keys checked against a program's rules.
import { readInputFile } from '../../services/decode.js';
import { lintInputs } from '../../services/lint.js';
import { EXIT, formatFindings, lazyPassphrase, programAndEnvironment } from '../command.js';
import { UserError } from '../../services/errors.js';
import { defineCommand, withExit } from '../define.js';
import { cliFindings, cliFix } from '../hints.js';
import { EXPIRING_WITHIN_SPEC, PASSPHRASE_SPECS, PROGRAM_SPECS } from '../options.js';
import { savedCommonNameLayout } from './cn-layout.js';
import { identifierProblem } from '../../../shared/identifier.js';

export const lintCommand = defineCommand({
  name: 'lint',
  summary: 'check certificates, chains, CSRs and keys against a program',
  description:
    'Exit 0 when compliant, 1 when any finding is an error, 2 for bad usage, unreadable input,\nor a key that does not match the certificate or CSR given with it.\n--json prints {"ok", "findings": [{"id", "severity", "message", "fix"}]}.',
  options: {
    program: { ...PROGRAM_SPECS.program, required: true },
    env: { ...PROGRAM_SPECS.env, required: true },
    cn: { type: 'string', value: '"CN"', description: 'the Common Name expected' },
    id: { type: 'string', value: 'IDENTIFIER', description: 'your identifier' },
    'cn-template': { type: 'string', value: 'T', description: 'the CN layout to check against' },
    ...EXPIRING_WITHIN_SPEC,
    ...PASSPHRASE_SPECS,
  },
  positionals: [
    { name: 'FILE', required: true, multiple: true, description: 'PEM, DER, PKCS#12 or JKS' },
  ],
  examples: [
    'mtls-desk lint --program tsh-classic --env preprod --cn TSH-CUST01 client.pem client.key',
  ],
  async run({ values, positionals, usage }, io) {
    const { profile, environment } = programAndEnvironment(io, values, usage);
    if (values.id !== undefined) {
      const problem = identifierProblem(profile, values.id);
      if (problem) throw new UserError('bad-input', `--id: ${problem}`);
    }
    const report = await lintInputs({
      profile,
      environmentId: environment.id,
      inputs: positionals.map((path) => ({ source: path, data: readInputFile(path) })),
      passphrase: lazyPassphrase(io, values),
      expectedCommonName: values.cn,
      identifier: values.id,
      commonNameTemplate: values['cn-template'],
      confirmedCommonNameTemplate: savedCommonNameLayout(io, profile.id),
      expiringSoonDays: values['expiring-within'],
    });
    // A key and a certificate that do not belong together is a wrong pair of inputs, not a
    // compliance verdict: say so in one sentence and exit 2, after printing the report.
    const mismatch = report.findings.find((f) => f.id === 'key-cert-mismatch');
    if (mismatch) io.stderr(`mtls-desk lint: ${mismatch.message}: ${cliFix(mismatch)}\n`);
    const data = {
      ok: report.ok,
      findings: report.findings,
      title: `${profile.displayName}, ${environment.displayName}`,
    };
    return withExit(data, mismatch ? EXIT.usage : report.ok ? EXIT.ok : EXIT.failed);
  },
  text: (r) =>
    `${r.ok ? 'compliant' : 'NOT compliant'} with ${r.title}\n${formatFindings(r.findings)}`,
  json: ({ ok, findings }) => ({ ok, findings: cliFindings(findings) }),
});
