// `mtls-desk inspect`: what certificates, chains, CSRs and keys hold.
import { readInputFile } from '../../services/decode.js';
import { formatInspection, inspectInputs } from '../../services/inspect.js';
import { lazyPassphrase } from '../command.js';
import { defineCommand } from '../define.js';
import { PASSPHRASE_SPECS } from '../options.js';

export const inspectCommand = defineCommand({
  name: 'inspect',
  summary: 'summarize certificates, chains, CSRs and keys',
  description:
    'Subject, issuer, validity with days left, key, signature, SANs, EKU, fingerprints, chain order.',
  options: PASSPHRASE_SPECS,
  positionals: [
    { name: 'FILE', required: true, multiple: true, description: 'PEM, DER, PKCS#12 or JKS' },
  ],
  examples: ['mtls-desk inspect client.pem chain.pem', 'mtls-desk inspect client.p12 --json'],
  async run({ values, positionals }, io) {
    const inspected = await inspectInputs(
      positionals.map((path) => ({ source: path, data: readInputFile(path) })),
      lazyPassphrase(io, values),
    );
    return { inputs: inspected };
  },
  text: ({ inputs }) => formatInspection(inputs),
});
