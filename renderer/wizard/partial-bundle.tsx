// At any wizard step: save what exists so far as a partial bundle (a D1 CSR long before the
// server chain exists). Main marks it partial in its file name, manifest and checklist; the
// complete bundle of the export step stays checked as before and is the only one that finishes it.
import { useState } from 'react';
import type { OnboardingDetail } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { useLocale } from '../i18n/index.js';
import { ErrorNote } from '../components/common.js';

export function PartialBundle({ onboarding }: { onboarding: OnboardingDetail }) {
  const [saved, setSaved] = useState<{ path: string; stillNeeded: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ready = onboarding.identity !== null;
  // CHECKLIST.md in the app's language.
  const locale = useLocale();
  async function save() {
    setError(null);
    setSaved(null);
    try {
      const result = await call('export.bundle', {
        onboardingId: onboarding.id,
        partial: true,
        language: locale,
      });
      if (result.path) setSaved({ path: result.path, stillNeeded: result.stillNeeded });
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section className="partial-bundle" aria-labelledby="partial-bundle-title">
      <h3 id="partial-bundle-title">Partial bundle</h3>
      <div className="actions">
        <button
          type="button"
          onClick={() => void save()}
          disabled={!ready}
          aria-describedby="partial-bundle-why"
        >
          Save partial bundle…
        </button>
        <span id="partial-bundle-why" className={ready ? 'hint' : 'disabled-reason'}>
          {ready
            ? 'What exists so far, to send ahead: marked PARTIAL in its name, manifest and checklist.'
            : 'Make the client identity first: a partial bundle holds at least it.'}
        </span>
      </div>
      {saved ? (
        <div role="status" className="partial-note" data-testid="partial-bundle-saved">
          <p>
            <strong>Partial bundle saved</strong> to <span className="mono">{saved.path}</span>. It
            is not the complete set Thales needs
            {saved.stillNeeded.length > 0 ? '; the complete bundle still needs:' : '.'}
          </p>
          {saved.stillNeeded.length > 0 ? (
            <ul aria-label="Still needed for the complete bundle">
              {saved.stillNeeded.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <ErrorNote message={error} />
    </section>
  );
}
