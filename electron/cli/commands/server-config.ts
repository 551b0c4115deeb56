// `mtls-desk server-config`: the nginx, Apache or HAProxy configuration for Thales -> your server.
import { UserError } from '../../services/errors.js';
import { SERVER_KINDS, type ServerConfig, type ServerKind } from '../../services/server-config.js';
import { defineCommand } from '../define.js';
import { openCliDesk } from './desk-common.js';

/** The command that tests the configured server, from the paths the configuration names. */
function testNote(result: ServerConfig): string {
  const { port, clientCaPath, serverChainPath } = result.test;
  return `Test it with: mtls-desk check-server <host>:${port} --client-ca ${clientCaPath} --chain ${serverChainPath}`;
}

export const serverConfigCommand = defineCommand({
  name: 'server-config',
  summary:
    'nginx, Apache or HAProxy configuration for Thales -> your server (mTLS with the Thales Client CA)',
  description:
    'Listens on 443 (or 8443), TLS 1.2 and 1.3 only, sends your server chain\n(CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN), requires a client certificate verified against the Thales\nClient CA (THALES_CLIENT_CA) only, never the Thales client certificate. --server-key is the path of\nyour server key, written into the configuration and never read. With --out DIR, writes the\nconfiguration and the files it names into DIR; without, prints it.',
  options: {
    server: {
      type: 'string',
      value: SERVER_KINDS.join('|'),
      required: true,
      description: 'the server to configure',
    },
    onboarding: { type: 'string', value: 'ID', required: true, description: 'the onboarding' },
    'server-key': {
      type: 'string',
      value: 'PATH',
      required: true,
      description: 'the absolute path of your server key (never read)',
    },
    port: {
      type: 'string',
      value: '443|8443',
      description: 'the port Thales calls',
      integer: { min: 1, max: 65_535 },
    },
    out: {
      type: 'string',
      value: 'DIR',
      description: 'write the configuration and its files here',
    },
    force: { type: 'boolean', description: 'overwrite them' },
  },
  examples: [
    'mtls-desk server-config --onboarding tsh-classic/CUST01/preprod --server nginx --server-key /etc/ssl/private/api.key --out ./nginx',
  ],
  async run({ values }, io) {
    if (!(SERVER_KINDS as readonly string[]).includes(values.server))
      throw new UserError(
        'bad-input',
        `--server "${values.server}" is not one mtls-desk configures: use ${SERVER_KINDS.join(', ')}`,
      );
    const result = openCliDesk(io).exports.serverConfig({
      onboardingId: values.onboarding,
      server: values.server as ServerKind,
      serverKeyPath: values['server-key'],
      port: values.port,
      out: values.out,
      overwrite: values.force,
    });
    return {
      ok: true,
      server: result.server,
      port: result.port,
      fileName: result.fileName,
      config: result.text,
      written: result.written,
      notes: [...result.notes, testNote(result)],
      onboardingId: result.onboardingId,
    };
  },
  text: (r, { values }) =>
    values.out
      ? `wrote the ${r.server} configuration for ${r.onboardingId}\n${r.written.map((f) => `  ${f}\n`).join('')}${r.notes.map((n) => `  - ${n}\n`).join('')}`
      : r.config,
  json: ({ onboardingId: _id, ...json }) => json,
});
