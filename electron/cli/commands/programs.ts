import { KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import { COMMON_OPTIONS, parseCommandArgs, printJson, type CliCommand } from '../command.js';

const usage = 'mtls-desk programs [--json]';

export const programsCommand: CliCommand = {
  summary: 'list the Thales programs and their rules',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, COMMON_OPTIONS, usage);
    if (values.help)
      return (
        io.stdout(`${usage}\n  Lists every program profile with its environments and rules.\n`),
        0
      );
    const profiles = io.catalog().list();
    if (values.json) {
      printJson(io, { programs: profiles });
      return 0;
    }
    for (const p of profiles) {
      const cn =
        p.commonName.kind === 'exact'
          ? `exactly ${p.commonName.source}`
          : `template ${p.commonName.template} (must match ${p.commonName.pattern})`;
      io.stdout(
        `${p.id}  ${p.displayName}\n` +
          `  ${p.summary}\n` +
          `  identifier     ${p.identifier.label}\n` +
          `  environments   ${p.environments.map((e) => `${e.id} (${e.displayName}, ${e.code}${e.inboundEndpoint ? `, ${e.inboundEndpoint}` : ''})`).join('; ')}\n` +
          `  client cert    ${p.clientCertificate.mode === 'self-signed' ? 'self-signed' : 'CSR signed by the Thales CA'}, ${p.clientCertificate.signatureHash}, at most ${p.clientCertificate.maxValidityDays} days\n` +
          `  keys           ${p.keyAlgorithms.allowed.map((a) => KEY_ALGORITHMS[a].label).join(', ')} (recommended: ${KEY_ALGORITHMS[p.keyAlgorithms.recommended].label})${p.keyAlgorithms.refused.map((r) => `; refused: ${KEY_ALGORITHMS[r.algorithm].label}`).join('')}\n` +
          `  Common Name    ${cn}\n` +
          `  subject        required ${p.subject.required.join(', ')}\n` +
          `  Thales server  chains to ${p.thalesServerCa.description}\n` +
          `  TLS            ${p.tls.minVersion}${p.tls.maxVersion ? ` to ${p.tls.maxVersion}` : ' or later'}; your server on port ${p.outbound.ports.join(' or ')}\n` +
          `  assets         ${p.assets.map((a) => `${a.name} (${a.direction})`).join(', ')}\n\n`,
      );
    }
    return 0;
  },
};
