// After the client certificate or CSR is made: what to do with it next, at once. Save it (main's
// save dialog), copy it, copy its SHA-256 fingerprint, and one line on where it goes.
import { useState } from 'react';
import { call, errorMessage } from '../api.js';
import { ErrorNote } from '../components/common.js';
import { CopyButton } from '../components/copy.js';
import { Msg, useT } from '../i18n/index.js';
import { useWords } from './words.js';
import type { OnboardingProps } from './model.js';

export function NextPanel({ profile, onboarding }: OnboardingProps) {
  const t = useT();
  const words = useWords();
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const identity = onboarding.identity;
  if (!identity) return null;
  const asset = identity.kind === 'csr' ? 'CUSTOMER_CSR' : 'CUSTOMER_TLS_CLIENT_CERTIFICATE';
  const next = words.nextStep(asset, profile.portal);
  const what = words.assetName(asset);
  const csr = identity.kind === 'csr';
  async function save() {
    setError(null);
    try {
      const result = await call('identity.save', { onboardingId: onboarding.id });
      if (result.path) setSaved(result.path);
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section className="next-panel" aria-labelledby="next-panel-title" data-testid="next-panel">
      <h3 id="next-panel-title">{next.title}</h3>
      <p>
        {what} <span className="tag mono">{asset}</span>
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()}>
          {t(csr ? 'wizard.nextPanel.saveCsr' : 'wizard.nextPanel.saveCertificate')}
        </button>
        <CopyButton
          text={identity.pem}
          label={t(csr ? 'wizard.nextPanel.csrPem' : 'wizard.nextPanel.certificatePem')}
        />
      </div>
      {saved ? (
        <p role="status" className="done-note">
          <Msg id="wizard.savedTo" values={{ path: <span className="mono">{saved}</span> }} />
        </p>
      ) : null}
      <ErrorNote message={error} />
      <p className="fingerprint">
        {t('wizard.nextPanel.fingerprint')}{' '}
        <span className="mono" data-testid="identity-fingerprint">
          {identity.sha256Fingerprint}
        </span>{' '}
        <CopyButton
          text={identity.sha256Fingerprint}
          label={t('wizard.nextPanel.fingerprintCopy')}
        />
      </p>
      <p className="hint">{next.where}</p>
    </section>
  );
}
