// The app frame: the vault gate, the navigation and the current screen. When main locks the vault
// (idle time) or refuses a call because it is locked, the unlock screen comes up at once; the
// route is kept, so unlocking returns to the same screen.
import { Suspense, useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { OnboardingDetail, VaultStatusView } from '../shared/ipc-contract.js';
import type { ProgramProfile } from '../shared/programs/schema.js';
import { call, errorMessage, onLockedCall, onVaultLocked, startAnswer } from './api.js';
import { ErrorNote } from './components/common.js';
import { dropStartCalls } from './start-calls.js';
import { setDateLocale } from './dates.js';
import { I18n, intlLocale, resolveLocale, useT } from './i18n/index.js';
import { setPreferences, usePreferences } from './preferences.js';
import { HomeScreen } from './screens/home.js';
import { NewOnboardingScreen } from './screens/new-onboarding.js';
import { TokensScreen } from './screens/tokens.js';
import { AuditScreen, KeysScreen, SettingsScreen, UnlockScreen } from './screens/vault.js';
import { lazyScreen } from './lazy-screen.js';

// The wizard and the tester (with the diagnoses and probe views they share) are chunks of their
// own, loaded when first opened: the first window parses only what it shows.
const WizardScreen = lazyScreen(() => import('./screens/wizard.js').then((m) => m.WizardScreen));
const TesterScreen = lazyScreen(() => import('./screens/tester.js').then((m) => m.TesterScreen));

type Route =
  | { screen: 'home' }
  | { screen: 'new' }
  | { screen: 'wizard'; onboarding: OnboardingDetail }
  | { screen: 'tester' }
  | { screen: 'keys' }
  | { screen: 'tokens' }
  | { screen: 'settings' }
  | { screen: 'audit' };

const VAULT_POLL_MS = 30_000;

/** The app in the language chosen in Settings (or the system's), with <html lang> and dates to match. */
export function App({ settingsRead }: { settingsRead: boolean }) {
  const locale = resolveLocale(usePreferences().language);
  const lang = intlLocale(locale);
  setDateLocale(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <I18n locale={locale}>
      <Frame settingsRead={settingsRead} />
    </I18n>
  );
}

/** `settingsRead`: main.tsx applied Settings' theme and language from the start call's answer. */
function Frame({ settingsRead }: { settingsRead: boolean }) {
  const t = useT();
  // The start calls' answers already here: the first render shows the screen they make.
  const [initial] = useState(() => ({
    programs: startAnswer('programs.list', {}),
    vault: startAnswer('vault.status', {}),
  }));
  const [programs, setPrograms] = useState<ProgramProfile[]>(initial.programs?.programs ?? []);
  /** Program rules from outside the package (MTLS_DESK_PROGRAMS_DIR): a banner on every screen. */
  const [externalRules, setExternalRules] = useState<string | null>(
    initial.programs?.externalRules?.notice ?? null,
  );
  const [vault, setVault] = useState<VaultStatusView | null>(initial.vault ?? null);
  const [route, setRoute] = useState<Route>({ screen: 'home' });
  const [error, setError] = useState<string | null>(null);
  /** Why the unlock screen is up, when main locked the vault rather than the person. */
  const [lockNote, setLockNote] = useState<{ minutes: number | null } | null>(null);
  const lockingByHand = useRef(false);

  useEffect(() => {
    if (!initial.programs)
      call('programs.list', {}).then(
        (r) => {
          setPrograms(r.programs);
          setExternalRules(r.externalRules?.notice ?? null);
        },
        (e) => setError(errorMessage(e)),
      );
    // The theme kept in Settings, before the vault is unlocked (the unlock screen follows it too).
    if (!settingsRead)
      call('settings.get', {}).then(
        (s) => setPreferences({ theme: s.theme, language: s.language }),
        (e) => setError(errorMessage(e)),
      );
    const poll = () =>
      call('vault.status', {}).then(
        (status) => {
          // Behind the unlock screen the first rows would grow old: the home screen asks afresh.
          if (!status.unlocked) dropStartCalls();
          setVault(status);
        },
        (e) => setError(errorMessage(e)),
      );
    if (!initial.vault) void poll();
    // Behind the unlock screen the first rows would grow old: the home screen asks afresh.
    else if (!initial.vault.unlocked) dropStartCalls();
    const timer = setInterval(poll, VAULT_POLL_MS);
    const stopLocked = onVaultLocked((event) => {
      if (lockingByHand.current) return;
      setVault(event.status);
      setLockNote({ minutes: event.status.autoLockMinutes });
    });
    const stopLockedCall = onLockedCall(() => {
      setVault((current) => (current ? { ...current, unlocked: false } : current));
      setLockNote({ minutes: null });
    });
    return () => {
      clearInterval(timer);
      stopLocked();
      stopLockedCall();
    };
  }, []);

  // Ctrl+N (⌘N) opens "New onboarding" from any screen once the vault is open.
  const unlockedNow = vault?.unlocked === true;
  useEffect(() => {
    if (!unlockedNow) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        setRoute({ screen: 'new' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [unlockedNow]);

  const screenKey = route.screen === 'wizard' ? `wizard-${route.onboarding.id}` : route.screen;
  const shownScreen = useRef<string | null>(null);

  async function open(id: string) {
    try {
      // The wizard's code loads while main reads the onboarding.
      const [onboarding] = await Promise.all([call('onboarding.get', { id }), WizardScreen.load()]);
      setRoute({ screen: 'wizard', onboarding });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function lock() {
    lockingByHand.current = true;
    try {
      setVault(await call('vault.lock', {}));
      setLockNote(null);
      setRoute({ screen: 'home' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      lockingByHand.current = false;
    }
  }

  function unlocked(status: VaultStatusView) {
    setVault(status);
    if (status.unlocked) setLockNote(null);
  }

  if (vault === null) {
    return (
      <main className="app">
        <ErrorNote message={error} />
        {error ? null : <p role="status">{t('app.opening')}</p>}
      </main>
    );
  }
  if (!vault.unlocked) {
    return (
      <main className="app">
        <UnlockScreen
          status={vault}
          note={
            lockNote === null
              ? null
              : lockNote.minutes === null
                ? t('app.lockedCall')
                : t('app.lockedIdle', { minutes: lockNote.minutes })
          }
          onChanged={unlocked}
        />
      </main>
    );
  }

  const profileOf = (id: string) => programs.find((p) => p.id === id);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('app.skipLink')}
      </a>
      <header>
        <span className="brand">mTLS Desk</span>
        <nav aria-label={t('app.nav.label')}>
          <button
            type="button"
            aria-current={route.screen === 'home' ? 'page' : undefined}
            onClick={() => setRoute({ screen: 'home' })}
          >
            {t('app.nav.home')}
          </button>
          <button
            type="button"
            aria-current={route.screen === 'tester' ? 'page' : undefined}
            onClick={() => TesterScreen.whenLoaded(() => setRoute({ screen: 'tester' }))}
          >
            {t('app.nav.tester')}
          </button>
          <button
            type="button"
            aria-current={route.screen === 'keys' ? 'page' : undefined}
            onClick={() => setRoute({ screen: 'keys' })}
          >
            {t('app.nav.vault')}
          </button>
          <button
            type="button"
            aria-current={route.screen === 'tokens' ? 'page' : undefined}
            onClick={() => setRoute({ screen: 'tokens' })}
          >
            {t('app.nav.tokens')}
          </button>
          <button
            type="button"
            aria-current={route.screen === 'audit' ? 'page' : undefined}
            onClick={() => setRoute({ screen: 'audit' })}
          >
            {t('app.nav.audit')}
          </button>
          <button
            type="button"
            aria-current={route.screen === 'settings' ? 'page' : undefined}
            onClick={() => setRoute({ screen: 'settings' })}
          >
            {t('app.nav.settings')}
          </button>
          <button type="button" onClick={lock}>
            {t('app.nav.lock')}
          </button>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {externalRules ? (
          <p className="external-rules" role="note">
            {t('app.externalRules', { notice: externalRules })}
          </p>
        ) : null}
        <ErrorNote message={error} />
        {/* A screen still loading its chunk shows nothing for that moment. */}
        <Suspense fallback={null}>
          {route.screen === 'home' ? (
            <HomeScreen
              programs={programs}
              onOpen={open}
              onNew={() => setRoute({ screen: 'new' })}
            />
          ) : null}
          {route.screen === 'new' ? (
            <NewOnboardingScreen
              programs={programs}
              onCancel={() => setRoute({ screen: 'home' })}
              onCreated={(id) => void open(id)}
            />
          ) : null}
          {route.screen === 'wizard' && profileOf(route.onboarding.program) ? (
            <WizardScreen
              key={route.onboarding.id}
              profile={profileOf(route.onboarding.program)!}
              onboarding={route.onboarding}
              onHome={() => setRoute({ screen: 'home' })}
            />
          ) : null}
          {route.screen === 'tester' ? <TesterScreen programs={programs} /> : null}
          {route.screen === 'keys' ? <KeysScreen onOpen={open} /> : null}
          {route.screen === 'tokens' ? <TokensScreen /> : null}
          {route.screen === 'settings' ? <SettingsScreen /> : null}
          {route.screen === 'audit' ? <AuditScreen /> : null}
          <ScreenFocus screenKey={screenKey} shown={shownScreen} />
        </Suspense>
      </main>
    </div>
  );
}

/**
 * A screen opened moves the focus to its heading, so a screen reader starts there and Tab goes on
 * from it (not on the first render: the window's own focus stays where it starts). Rendered after
 * the screen in the same Suspense boundary, its effect runs once the screen (its chunk loaded) is
 * in the page, and after the screen's own effects.
 */
function ScreenFocus({
  screenKey,
  shown,
}: {
  screenKey: string;
  shown: MutableRefObject<string | null>;
}) {
  useEffect(() => {
    const before = shown.current;
    shown.current = screenKey;
    if (before === null || before === screenKey) return;
    // A screen that focused its own sub-heading (the wizard's step) keeps it: the screen's effect
    // ran first, and its heading is the more precise start.
    if (document.activeElement?.matches('#main h2')) return;
    const heading = document.querySelector<HTMLElement>('#main h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [screenKey, shown]);
  return null;
}
