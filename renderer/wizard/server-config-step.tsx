// The "your server" step's configuration: the same nginx, Apache or HAProxy text the CLI writes
// (shared/server-config.ts), shown once the server chain and the Thales Client CA are saved.
import { useState } from 'react';
import {
  CLIENT_CA_FILE,
  DEFAULT_CONFIG_DIR,
  renderServerConfig,
  SERVER_CHAIN_FILE,
  SERVER_KINDS,
  type ServerKind,
} from '../../shared/server-config.js';
import { Msg, useT } from '../i18n/index.js';
import type { OnboardingProps } from './model.js';

/** Program names: the same in every language. */
const LABELS: Record<ServerKind, string> = {
  nginx: 'nginx',
  apache: 'Apache httpd',
  haproxy: 'HAProxy',
};

/** "host[:port]/base" as saved for ISSUER_HOST. */
function hostParts(value: string | null): { host: string; basePath: string } {
  if (!value) return { host: '_', basePath: '/' };
  const slash = value.indexOf('/');
  const hostPort = slash < 0 ? value : value.slice(0, slash);
  return { host: hostPort.replace(/:\d+$/, ''), basePath: slash < 0 ? '/' : value.slice(slash) };
}

export function ServerConfigSnippet({ profile, onboarding }: OnboardingProps) {
  const t = useT();
  const [server, setServer] = useState<ServerKind>('nginx');
  const chain = onboarding.assets.find((a) => a.name === 'CUSTOMER_TLS_SERVER_CERTIFICATE_CHAIN');
  const ca = onboarding.assets.find((a) => a.name === 'THALES_CLIENT_CA');
  if (!chain?.value || !ca?.value) return <p className="hint">{t('wizard.server.waiting')}</p>;
  const { host, basePath } = hostParts(
    onboarding.assets.find((a) => a.name === 'ISSUER_HOST')?.value ?? null,
  );
  const dir = `${DEFAULT_CONFIG_DIR}/${onboarding.id.replaceAll('/', '_')}`;
  const config = renderServerConfig({
    server,
    serverName: host,
    basePath,
    port: profile.outbound.ports[0] ?? 443,
    serverChainPath: `${dir}/${SERVER_CHAIN_FILE}`,
    serverKeyPath: '/etc/ssl/private/thales-mtls-server.key',
    clientCaPath: `${dir}/${CLIENT_CA_FILE}`,
    clientCaCertificates: ca.certificates.length,
    title: `mtls-desk: Thales -> your server for ${profile.displayName}, ${onboarding.identifier}`,
  });
  return (
    <section className="asset" aria-labelledby="server-config-title">
      <h3 id="server-config-title">{t('wizard.server.title')}</h3>
      <p className="hint">
        <Msg
          id="wizard.server.about"
          values={{
            command: <span className="mono">mtls-desk server-config --out DIR</span>,
          }}
        />
      </p>
      <fieldset>
        <legend>{t('wizard.server.legend')}</legend>
        {SERVER_KINDS.map((kind) => (
          <label key={kind} className="choice inline">
            <input
              type="radio"
              name="server-kind"
              value={kind}
              checked={kind === server}
              onChange={() => setServer(kind)}
            />
            {LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <pre className="mono" aria-label={t('wizard.server.configLabel', { server: LABELS[server] })}>
        {config.text}
      </pre>
    </section>
  );
}
