import { KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import { UserError } from '../../services/errors.js';
import {
  COMMON_OPTIONS,
  parseCommandArgs,
  printJson,
  requireOption,
  type CliCommand,
} from '../command.js';

const usage =
  'mtls-desk programs [--json]\n       mtls-desk programs confirm-cn-layout --program <id> (--layout "TLSMA-{keyType}/{identifier}_{envCode}" | --clear) [--json]';

export const programsCommand: CliCommand = {
  summary: 'list the Thales programs and their rules',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        program: { type: 'string' },
        layout: { type: 'string' },
        clear: { type: 'boolean', default: false },
      },
      usage,
      true,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Lists every program profile with its environments and rules.\n  confirm-cn-layout saves the Common Name layout your Thales representative confirmed for a program\n  (D1): from then on a CN laid out otherwise is an error, not a warning. Needs MTLS_DESK_DATA_DIR.\n`,
        ),
        0
      );
    if (positionals.length > 0) {
      if (positionals[0] !== 'confirm-cn-layout' || positionals.length > 1)
        throw new UserError(
          'bad-input',
          `unknown subcommand "${positionals.join(' ')}". Usage: ${usage}`,
        );
      const program = requireOption(values.program, 'program', usage);
      if (values.clear === (values.layout !== undefined))
        throw new UserError('bad-input', `give either --layout or --clear. Usage: ${usage}`);
      // Loaded only here: listing the programs stays free of the vault and the schema library.
      const { openCliDesk } = await import('./desk-common.js');
      const desk = openCliDesk(io);
      const saved = desk.programs.confirmCommonNameLayout(program, values.layout ?? null);
      if (values.json) printJson(io, { program, confirmedLayout: saved });
      else
        io.stdout(
          saved
            ? `saved ${saved} as the Common Name layout Thales confirmed for ${program}\n`
            : `forgot the confirmed Common Name layout of ${program}: the default layout is checked again, as a warning\n`,
        );
      return 0;
    }
    const profiles = io.catalog().list();
    if (values.json) {
      printJson(io, { programs: profiles });
      return 0;
    }
    for (const p of profiles) {
      const cn =
        p.commonName.kind === 'exact'
          ? `exactly ${p.commonName.source}`
          : `default layout ${p.commonName.template} (TLSMA-RSA/ or TLSMA-ECDSA/ by key type, then the identifier and the environment code; another layout is a warning until confirmed with Thales)`;
      io.stdout(
        `${p.id}  ${p.displayName}\n` +
          `  ${p.summary}\n` +
          `  identifier     ${p.identifier.label}\n` +
          `  environments   ${p.environments.map((e) => `${e.id} (${e.displayName}, ${e.code}${e.inboundEndpoint ? `, ${e.inboundEndpoint}${e.inboundEndpointSource ? ` ${e.inboundEndpointSource}` : ''}` : ''})`).join('; ')}\n` +
          `  client cert    ${p.clientCertificate.mode === 'self-signed' ? 'self-signed' : 'CSR signed by the Thales CA'}, ${p.clientCertificate.signatureHash}, at most ${p.clientCertificate.maxValidityDays} days\n` +
          `  keys           ${p.keyAlgorithms.allowed.map((a) => KEY_ALGORITHMS[a].label).join(', ')} (recommended: ${KEY_ALGORITHMS[p.keyAlgorithms.recommended].label})${p.keyAlgorithms.refused.map((r) => `; refused: ${KEY_ALGORITHMS[r.algorithm].label}`).join('')}\n` +
          `  Common Name    ${cn}\n` +
          `  subject        required ${p.subject.required.join(', ')}\n` +
          `  Thales server  ${p.thalesServerCa ? `chains to ${p.thalesServerCa.description} (a different CA: ${p.thalesServerCa.severity})` : 'CA not published (unconfirmed)'}\n` +
          p.unconfirmed
            .map((u) => `  unconfirmed    ${u.rule}: ask your Thales representative for ${u.ask}\n`)
            .join('') +
          (p.portal ? `  portal         ${p.portal.name}: ${p.portal.url}\n` : '') +
          `  TLS            ${p.tls.minVersion}${p.tls.maxVersion ? ` to ${p.tls.maxVersion}` : ' or later'}; your server on port ${p.outbound.ports.join(' or ')}\n` +
          `  assets         ${p.assets.map((a) => `${a.name} (${a.direction})`).join(', ')}\n\n`,
      );
    }
    return 0;
  },
};
