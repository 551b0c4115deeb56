// `mtls-desk programs`: the Thales programs and their rules; confirm-cn-layout records the Common
// Name layout Thales confirmed for a program.
import { KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import type { ProgramProfile } from '../../../shared/programs/schema.js';
import { UserError } from '../../services/errors.js';
import { defineCommand, defineGroup } from '../define.js';

function programText(p: ProgramProfile): string {
  const cn =
    p.commonName.kind === 'exact'
      ? `exactly ${p.commonName.source}`
      : `default layout ${p.commonName.template} (TLSMA-RSA/ or TLSMA-ECDSA/ by key type, then the identifier and the environment code; another layout is a warning until confirmed with Thales)`;
  return (
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
    `  assets         ${p.assets.map((a) => `${a.name} (${a.direction})`).join(', ')}\n\n`
  );
}

const list = defineCommand({
  name: 'programs',
  summary: 'list the Thales programs and their rules',
  description: 'Lists every program profile with its environments and rules.',
  options: {},
  examples: ['mtls-desk programs', 'mtls-desk programs --json'],
  async run(_input, io) {
    return { programs: io.catalog().list() };
  },
  text: ({ programs }) => programs.map(programText).join(''),
});

const confirmCnLayout = defineCommand({
  name: 'programs confirm-cn-layout',
  summary:
    'save the Common Name layout your Thales representative confirmed for a program (D1): from then on a CN laid out otherwise is an error, not a warning',
  description: 'Needs MTLS_DESK_DATA_DIR.',
  usage:
    'mtls-desk programs confirm-cn-layout --program <id> (--layout "TLSMA-{keyType}/{identifier}_{envCode}" | --clear) [--json]',
  options: {
    program: { type: 'string', value: 'ID', required: true, description: 'the program' },
    layout: { type: 'string', value: 'T', description: 'the layout Thales confirmed' },
    clear: { type: 'boolean', description: 'forget it: the default layout is checked again' },
  },
  examples: [
    'mtls-desk programs confirm-cn-layout --program d1-ecom --layout "TLSMA-{keyType}/{identifier}_{envCode}"',
  ],
  async run({ values, usage }, io) {
    if (values.clear === (values.layout !== undefined))
      throw new UserError('bad-input', `give either --layout or --clear. Usage: ${usage}`);
    // Loaded only here: listing the programs stays free of the vault and the schema library.
    const { openCliDesk } = await import('./desk-common.js');
    const saved = openCliDesk(io).programs.confirmCommonNameLayout(
      values.program,
      values.layout ?? null,
    );
    return { program: values.program, confirmedLayout: saved };
  },
  text: ({ program, confirmedLayout: saved }) =>
    saved
      ? `saved ${saved} as the Common Name layout Thales confirmed for ${program}\n`
      : `forgot the confirmed Common Name layout of ${program}: the default layout is checked again, as a warning\n`,
});

export const programsCommand = defineGroup({
  name: 'programs',
  summary: 'list the Thales programs and their rules',
  subcommands: [confirmCnLayout],
  default: list,
});
