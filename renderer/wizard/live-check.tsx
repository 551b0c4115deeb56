// The live check every certificate box of the wizard runs as text is pasted, dropped or opened:
// main checks it (off its thread) a moment after the last change, nothing is stored, and the
// result shows the same way under every box.
import { useEffect, useState } from 'react';
import type { AssetCheck } from '../../shared/ipc-contract.js';
import type { AssetName, EnvironmentId } from '../../shared/programs/schema.js';
import { call, errorMessage } from '../api.js';
import { Certificates, Findings } from '../components/common.js';
import { useT } from '../i18n/index.js';

export interface LiveCheck {
  check: AssetCheck | null;
  /** Why the text cannot be checked at all (not a certificate, another key's…), in one sentence. */
  error: string | null;
  checking: boolean;
  /** What the box's problem line says (the refusal, or that the checks below fail), translated. */
  problem: string | null;
}

export function useLiveCheck(
  target: {
    program: string;
    environment: EnvironmentId;
    asset: AssetName;
    /** The signed certificate is matched to this onboarding's keys. */
    onboardingId?: string;
  },
  text: string,
): LiveCheck {
  const [check, setCheck] = useState<AssetCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const t = useT();
  useEffect(() => {
    if (text.trim() === '') {
      setCheck(null);
      setError(null);
      setChecking(false);
      return;
    }
    let stale = false;
    setChecking(true);
    const timer = setTimeout(() => {
      call('asset.check', { ...target, text })
        .then((result) => {
          if (!stale) {
            setCheck(result);
            setError(null);
          }
        })
        .catch((e) => {
          if (!stale) {
            setCheck(null);
            setError(errorMessage(e));
          }
        })
        .finally(() => {
          if (!stale) setChecking(false);
        });
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [text, target.program, target.environment, target.asset, target.onboardingId]);
  const problem = error ?? (check && !check.ok ? t('identity.live.fails') : null);
  return { check, error, checking, problem };
}

/** What a box's problem line says: the refusal, or that the checks below fail. */
export function liveProblem({ problem }: LiveCheck): string | null {
  return problem;
}

/** "Checking…", then the certificates read, the findings and "Looks right." */
export function LiveCheckResult({ live, label }: { live: LiveCheck; label: string }) {
  const t = useT();
  return (
    <>
      {live.checking ? (
        <p className="hint" role="status">
          {t('identity.live.checking')}
        </p>
      ) : null}
      {live.check ? (
        <>
          <Certificates certificates={live.check.certificates} />
          <Findings findings={live.check.findings} label={label} />
          {live.check.ok && live.check.findings.length === 0 ? (
            <p className="ok-note">{t('identity.live.ok')}</p>
          ) : null}
        </>
      ) : null}
    </>
  );
}
