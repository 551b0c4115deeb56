// At any wizard step: save what exists so far as a partial bundle (a D1 CSR long before the
// server chain exists). Main marks it partial in its file name, manifest and checklist; the
// complete bundle of the export step stays checked as before and is the only one that finishes it.
import { useState } from 'react';
import type { StillNeededItem } from '../../shared/ipc-contract.js';
import { call, errorMessage } from '../api.js';
import { useLocale } from '../i18n/index.js';
import { ErrorNote } from '../components/common.js';
import { Msg, useT } from '../i18n/index.js';
import { useWords } from './words.js';
import type { OnboardingProps } from './model.js';

export function PartialBundle({ profile, onboarding }: OnboardingProps) {
  const t = useT();
  const words = useWords();
  const [saved, setSaved] = useState<{ path: string; stillNeeded: StillNeededItem[] } | null>(null);
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
      <h3 id="partial-bundle-title">{t('wizard.partial.title')}</h3>
      <div className="actions">
        <button
          type="button"
          onClick={() => void save()}
          disabled={!ready}
          aria-describedby="partial-bundle-why"
        >
          {t('wizard.partial.save')}
        </button>
        <span id="partial-bundle-why" className={ready ? 'hint' : 'disabled-reason'}>
          {ready ? t('wizard.partial.what') : t('wizard.partial.notReady')}
        </span>
      </div>
      {saved ? (
        <div role="status" className="partial-note" data-testid="partial-bundle-saved">
          <p>
            <strong>{t('wizard.partial.saved')}</strong>{' '}
            <Msg
              id="wizard.partial.savedTo"
              values={{
                still: saved.stillNeeded.length,
                path: <span className="mono">{saved.path}</span>,
              }}
            />
          </p>
          {saved.stillNeeded.length > 0 ? (
            <ul aria-label={t('wizard.partial.stillNeeded')}>
              {saved.stillNeeded.map((n) => (
                <li key={n.asset}>
                  {t(
                    n.why === 'missing'
                      ? 'wizard.partial.item.missing'
                      : 'wizard.partial.item.failing',
                    {
                      asset: words.assetName(n.asset),
                      step: words.stepLabel(profile, n.step),
                    },
                  )}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <ErrorNote message={error} />
    </section>
  );
}
