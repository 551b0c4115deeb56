import { UserError } from '../../services/errors.js';
import { SERVER_KINDS, type ServerConfig, type ServerKind } from '../../services/server-config.js';
import {
  COMMON_OPTIONS,
  parseCommandArgs,
  printJson,
  requireOption,
  type CliCommand,
} from '../command.js';
import { openCliDesk } from './desk-common.js';

/** The command that tests the configured server, from the paths the configuration names. */
function testNote(result: ServerConfig): string {
  const { port, clientCaPath, serverChainPath } = result.test;
  return `Test it with: mtls-desk check-server <host>:${port} --client-ca ${clientCaPath} --chain ${serverChainPath}`;
}

const usage =
  'mtls-desk server-config --onboarding ID --server nginx|apache|haproxy --server-key PATH [--port 443|8443] [--out DIR [--force]] [--json]';

export const serverConfigCommand: CliCommand = {
  summary:
    'nginx, Apache or HAProxy configuration for Thales -> your server (mTLS with the Thales Client CA)',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(
      args,
      {
        ...COMMON_OPTIONS,
        onboarding: { type: 'string' },
        server: { type: 'string' },
        'server-key': { type: 'string' },
        port: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
      usage,
    );
    if (values.help)
      return (
        io.stdout(
          `${usage}\n  Listens on 443 (or 8443), TLS 1.2 and 1.3 only, sends your server chain\n  (CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN), requires a client certificate verified against the Thales\n  Client CA (THALES_CLIENT_CA) only, never the Thales client certificate. --server-key is the path of\n  your server key, written into the configuration and never read. With --out DIR, writes the\n  configuration and the files it names into DIR; without, prints it.\n`,
        ),
        0
      );
    const server = requireOption(values.server, 'server', usage);
    if (!(SERVER_KINDS as readonly string[]).includes(server))
      throw new UserError(
        'bad-input',
        `--server "${server}" is not one mtls-desk configures: use ${SERVER_KINDS.join(', ')}`,
      );
    let port: number | undefined;
    if (values.port !== undefined) {
      if (!/^\d+$/.test(values.port))
        throw new UserError(
          'bad-input',
          `--port "${values.port}" is not a port number: use 443 or 8443`,
        );
      port = Number(values.port);
    }
    const desk = openCliDesk(io);
    const result = desk.exports.serverConfig({
      onboardingId: requireOption(values.onboarding, 'onboarding', usage),
      server: server as ServerKind,
      serverKeyPath: requireOption(values['server-key'], 'server-key', usage),
      port,
      out: values.out,
      overwrite: values.force,
    });
    if (values.json)
      printJson(io, {
        ok: true,
        server: result.server,
        port: result.port,
        fileName: result.fileName,
        config: result.text,
        written: result.written,
        notes: [...result.notes, testNote(result)],
      });
    else if (values.out)
      io.stdout(
        `wrote the ${result.server} configuration for ${result.onboardingId}\n${result.written.map((f) => `  ${f}\n`).join('')}${[...result.notes, testNote(result)].map((n) => `  - ${n}\n`).join('')}`,
      );
    else io.stdout(result.text);
    return 0;
  },
};
