// The one composition of the vault, inventory, audit trail, import, export and bundle services,
// used by the CLI and by the Electron main process alike: give it a data directory, a key-value
// store and a clock. Every method takes and returns plain JSON (file paths, ids, facts); private
// keys stay inside, except through the explicit encrypted exports.
import type { KeyObject } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import {
  AuditLog,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditVerification,
} from './audit.js';
import {
  AUTO_LOCK_MINUTES,
  autoLockProblem,
  effectiveWarningDays,
  LANGUAGES,
  THEMES,
  WARNING_DAYS,
  warningDaysProblem,
  type LanguageChoice,
  type ThemeChoice,
} from '../../shared/settings.js';
import { systemClock, type Clock } from './clock.js';
import { dataLock } from './data-lock.js';
import { UserError } from './errors.js';
import {
  checkExportPassphrase,
  exportChain,
  exportKey,
  exportPkcs12,
  type ExportResult,
} from './export/index.js';
import type { Pkcs12Preset } from './export/pkcs12.js';
import { writeBundle, type BundleResult } from './bundle.js';
import {
  serverConfigOf,
  type ServerConfigRequest,
  type ServerConfigResult,
} from './server-config.js';
import {
  checkAsset,
  checkSignedCertificate,
  importIdentityFiles,
  importInto,
  type IdentityFilesRequest,
  type ImportRequest,
  type ImportResult,
} from './import.js';
import { onboardingDeletion } from './inventory/deletion.js';
import {
  DEFAULT_WARNING_DAYS,
  Inventory,
  type ExpiryEntry,
  type IdentityRecord,
  type ListFilter,
  type OnboardingSummary,
  type OnboardingView,
  type RenewalCalendar,
  type TestRunRecord,
} from './inventory.js';
import {
  generateIdentity,
  renewIdentity,
  retireIdentity,
  type GenerateIdentityRequest,
  type IdentityResult,
} from './onboarding-identity.js';
import {
  confirmOAuthExchange,
  generateOAuthKey,
  oauthAssertion,
  oauthJwk,
  oauthState,
  renewOAuthKey,
  retireOAuthKey,
  setOAuthEndpoints,
  setOAuthKid,
} from './oauth/index.js';
import { ProgramCatalog } from './programs.js';
import { tokenSupport } from './token/native.js';
import {
  generateOnToken,
  listKeys,
  listTokens,
  type GenerateOnTokenRequest,
  type ModuleInfo,
  type TokenKey,
  type TokenLogin,
} from './token/token.js';
import { cachedByFile, type KeyValueStore } from './store.js';
import type { ScryptParams } from './vault/format.js';
import { Vault, type KeySummary, type VaultStatus } from './vault/vault.js';
import type { AssetName, EnvironmentId } from '../../shared/programs/schema.js';
import { commonNameTemplateProblem } from '../../shared/subject.js';

export interface DeskSettings {
  /** The vault locks itself after this many idle minutes; 0 = never. */
  autoLockMinutes: number;
  /** Warning thresholds for certificate expiry, in days. */
  expiryWarningDays: number[];
  /** PKCS#11 modules (library paths) configured once, so commands may leave out --module; the first is the default. */
  pkcs11Modules: string[];
  /** The app's colour theme; absent: the system's. */
  theme?: ThemeChoice;
  /** The app's language; absent: the system's. */
  language?: LanguageChoice;
  /** Per program id: the Common Name layout Thales confirmed (then it is the check, not a warning). */
  confirmedCommonNameLayouts?: Record<string, string>;
}

const DEFAULT_SETTINGS: DeskSettings = {
  autoLockMinutes: AUTO_LOCK_MINUTES.default,
  expiryWarningDays: DEFAULT_WARNING_DAYS,
  pkcs11Modules: [],
};

export interface DeskOptions {
  /** MTLS_DESK_DATA_DIR under the CLI, Electron's userData in the app. */
  dataDir: string;
  store: KeyValueStore;
  clock?: Clock;
  catalog?: ProgramCatalog;
  /** scrypt parameters for a new vault (tests use cheaper ones); the default costs about 0.4 s. */
  kdf?: ScryptParams;
  /** Who the audit trail names; the OS user by default. */
  who?: string;
  /** Check the idle time every this many ms and lock without waiting for the next use (the app); close() stops it. */
  lockCheckIntervalMs?: number;
}

export type Desk = ReturnType<typeof openDesk>;

/** Resolves the data directory the CLI uses: MTLS_DESK_DATA_DIR, required. */
export function dataDirFromEnv(env: NodeJS.ProcessEnv): string {
  const dir = env.MTLS_DESK_DATA_DIR;
  if (!dir)
    throw new UserError(
      'bad-input',
      'set MTLS_DESK_DATA_DIR to the folder that holds the vault and the inventory (the app uses its own data folder)',
      {},
      { id: 'desk.data-dir-unset' },
    );
  return dir;
}

/** What every part of the desk shares: the stores, the rules, the vault, the audit trail. */
interface DeskContext {
  store: KeyValueStore;
  catalog: ProgramCatalog;
  settings: () => DeskSettings;
  lock: ReturnType<typeof dataLock>;
  audit: AuditLog;
  vault: Vault;
  inventory: Inventory;
  /** What the services behind the facets need (each takes the part it uses). */
  deps: {
    inventory: Inventory;
    vault: Vault;
    audit: AuditLog;
    clock: Clock;
    expiringSoonDays: () => number;
    confirmedCommonNameLayout: (program: string) => string | undefined;
  };
  /** A newer check of the same asset (the next keystroke of a paste) stops the one still running. */
  runningChecks: Map<string, AbortController>;
  confirmedCommonNameLayout: (program: string) => string | undefined;
}

/** The settings as kept, over the defaults. Read on every list and lock check: through a cache, not a parse of the whole file. */
function settingsReader(store: DeskOptions['store']): () => DeskSettings {
  const reader = cachedByFile(store);
  return () => {
    const stored = reader.get<Partial<DeskSettings>>('settings');
    return {
      ...DEFAULT_SETTINGS,
      ...stored,
      expiryWarningDays: effectiveWarningDays(stored?.expiryWarningDays),
    };
  };
}

export function openDesk(options: DeskOptions) {
  const { dataDir, store } = options;
  const clock = options.clock ?? systemClock;
  const catalog = options.catalog ?? ProgramCatalog.load();
  const settings = settingsReader(store);
  const lock = dataLock(dataDir);
  const audit = new AuditLog(dataDir, clock, options.who);
  // Rules from outside the package are never silent: the first entry this process records says
  // where they came from.
  if (catalog.external) {
    const append = audit.append.bind(audit);
    const dir = catalog.external.dir;
    let noted = false;
    audit.append = (...args: Parameters<AuditLog['append']>) => {
      if (!noted) {
        // With the caller's options (an unlock records a cut trail and goes on); noted once written.
        append('programs.external', { dir }, args[2]);
        noted = true;
      }
      return append(...args);
    };
  }
  const vault = new Vault({
    dir: join(dataDir, 'vault'),
    clock,
    audit,
    kdf: options.kdf,
    idleMs: () => settings().autoLockMinutes * 60_000,
    lock,
  });
  const inventory = new Inventory(store, catalog, clock, () => settings().expiryWarningDays);
  const expiringSoonDays = () => Math.max(...settings().expiryWarningDays);
  const confirmedCommonNameLayout = (program: string): string | undefined =>
    settings().confirmedCommonNameLayouts?.[program];
  const deps = { inventory, vault, audit, clock, expiringSoonDays, confirmedCommonNameLayout };
  // A newer check of the same asset (the next keystroke of a paste) stops the one still running.
  const runningChecks = new Map<string, AbortController>();
  const lockTimer = options.lockCheckIntervalMs
    ? setInterval(() => vault.lockIfIdle(), options.lockCheckIntervalMs)
    : undefined;
  lockTimer?.unref();

  const desk: DeskContext = {
    store,
    catalog,
    settings,
    lock,
    audit,
    vault,
    inventory,
    deps,
    runningChecks,
    confirmedCommonNameLayout,
  };
  return {
    dataDir,
    catalog,
    /** Locks the vault and stops the idle timer. */
    close(): void {
      clearInterval(lockTimer);
      vault.lock();
    },
    settings: settingsFacet(desk),
    programs: programsFacet(desk),
    vault: vaultFacet(desk),
    onboardings: onboardingsFacet(desk),
    identity: identityFacet(desk),
    oauth: oauthFacet(desk),
    assets: assetsFacet(desk),
    exports: exportsFacet(desk),
    tokens: tokensFacet(desk),
    audit: auditFacet(desk),
  };
}

/** Refuses a settings change outside the shared limits, one setting at a time. */
function settingsProblem(patch: Partial<DeskSettings>): void {
  const autoLock = patch.autoLockMinutes !== undefined && autoLockProblem(patch.autoLockMinutes);
  if (autoLock)
    throw new UserError(
      'bad-input',
      autoLock,
      {},
      {
        id: 'settings.auto-lock',
        params: { min: AUTO_LOCK_MINUTES.min, max: AUTO_LOCK_MINUTES.max },
      },
    );
  const warnings =
    patch.expiryWarningDays !== undefined && warningDaysProblem(patch.expiryWarningDays);
  if (warnings)
    throw new UserError(
      'bad-input',
      warnings,
      {},
      {
        id: 'settings.expiry-warnings',
        params: {
          count: WARNING_DAYS.count,
          min: WARNING_DAYS.min,
          max: WARNING_DAYS.max,
          example: WARNING_DAYS.default.join(', '),
        },
      },
    );
  if (patch.theme !== undefined && !THEMES.includes(patch.theme))
    throw new UserError(
      'bad-input',
      'the theme is system, light or dark',
      {},
      { id: 'settings.bad-theme' },
    );
  if (patch.language !== undefined && !LANGUAGES.includes(patch.language))
    throw new UserError(
      'bad-input',
      'the language is system, en or ja',
      {},
      { id: 'settings.bad-language' },
    );
}

/** The settings, checked against the shared limits before they are kept. */
function settingsFacet(desk: DeskContext) {
  const { settings, lock, store } = desk;
  return {
    get: settings,
    update(patch: Partial<DeskSettings>): DeskSettings {
      settingsProblem(patch);
      if (
        patch.pkcs11Modules !== undefined &&
        patch.pkcs11Modules.some((m) => typeof m !== 'string' || !isAbsolute(m))
      ) {
        throw new UserError(
          'bad-input',
          "a PKCS#11 module is the absolute path of the token's library (for example /usr/lib/softhsm/libsofthsm2.so)",
          {},
          { id: 'settings.module-not-absolute' },
        );
      }
      return lock.run(() => {
        const next = {
          ...settings(),
          ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
        };
        store.set('settings', next);
        return next;
      });
    },
  };
}

/** Program rules the user confirmed with Thales. */
function programsFacet(desk: DeskContext) {
  const { settings, lock, store, catalog, audit, confirmedCommonNameLayout } = desk;
  return {
    /** The Common Name layout Thales confirmed for a program, if the user saved one. */
    confirmedCommonNameLayout,
    /** Saves (or, with null, forgets) the layout Thales confirmed for a program with a templated CN. */
    confirmCommonNameLayout(program: string, template: string | null): string | null {
      const profile = catalog.get(program);
      if (profile.commonName.kind !== 'template')
        throw new UserError(
          'bad-input',
          `${profile.displayName} takes an exact Common Name (${profile.commonName.source}), not a layout`,
          {},
          { id: 'settings.cn-exact', params: { program: profile.displayName } },
        );
      if (template !== null) {
        const problem = commonNameTemplateProblem(template);
        if (problem)
          throw new UserError(
            'bad-input',
            problem,
            {},
            {
              id: 'settings.cn-layout',
              params: {
                layout: template,
                start: 'TLSMA-{keyType}/',
                required: '{identifier}, {envCode}',
              },
            },
          );
      }
      lock.run(() => {
        const layouts = { ...settings().confirmedCommonNameLayouts };
        if (template === null) delete layouts[program];
        else layouts[program] = template;
        store.set('settings', { ...settings(), confirmedCommonNameLayouts: layouts });
      });
      audit.append('cn-layout.confirmed', { program, template });
      return template;
    },
  };
}

/** The vault of private keys. */
function vaultFacet(desk: DeskContext) {
  const { vault } = desk;
  return {
    status: (): VaultStatus => vault.status(),
    /** Cheap (no file read): for a watcher that notices the idle lock. */
    unlocked: (): boolean => vault.lockIfIdle(),
    init: (passphrase: string): Promise<VaultStatus> => vault.init(passphrase),
    unlock: (passphrase: string): Promise<VaultStatus> => vault.unlock(passphrase),
    lock: (): VaultStatus => (vault.lock(), vault.status()),
    changePassphrase: (oldPassphrase: string, newPassphrase: string): Promise<VaultStatus> =>
      vault.changePassphrase(oldPassphrase, newPassphrase),
    /** The master passphrase again before a sensitive action: the same counter, delay and audit as an unlock. */
    authenticate: (passphrase: string): Promise<void> => vault.authenticate(passphrase, 'export'),
    keys: (includeDeleted = false): KeySummary[] => vault.listKeys({ includeDeleted }),
    deleteKey: (id: string, confirm: boolean): Promise<KeySummary> => vault.deleteKey(id, confirm),
    restoreKey: (id: string): Promise<KeySummary> => vault.restoreKey(id),
    purge: (confirm: boolean): Promise<string[]> => vault.purge(confirm),
    /** The key for one in-process operation (a connection test's TLS context); it never leaves main. */
    withPrivateKey: <T>(id: string, use: (key: KeyObject) => Promise<T> | T): Promise<T> =>
      vault.withPrivateKey(id, use),
  };
}

/** Onboardings: create, list, expiry, the renewal calendar, kept test runs. */
function onboardingsFacet(desk: DeskContext) {
  const { audit, inventory } = desk;
  const deletion = onboardingDeletion({ inventory, vault: desk.vault, audit });
  return {
    /** Delete (undoable: Recently deleted), restore, purge for good; confirmed, audited (inventory/deletion.ts). */
    delete: deletion.delete,
    restoreDeleted: deletion.restore,
    purge: deletion.purge,
    listDeleted: deletion.listDeleted,
    create(input: { program: string; identifier: string; environment: string }): OnboardingView {
      const record = inventory.create(input);
      audit.append('onboarding.created', { onboarding: record.id });
      return inventory.view(record.id);
    },
    /** Archives an onboarding (hidden from the home list, kept whole) or restores it; audited. */
    setArchived(id: string, archived: boolean): OnboardingView {
      const before = inventory.get(id).archivedAt !== undefined;
      inventory.setArchived(id, archived);
      if (before !== archived)
        audit.append(archived ? 'onboarding.archived' : 'onboarding.restored', { onboarding: id });
      return inventory.view(id);
    },
    list: (filter: ListFilter = {}): OnboardingSummary[] => inventory.list(filter),
    get: (id: string): OnboardingView => inventory.view(id),
    /** The portal bundle just written: when, where, its SHA-256 and files (the export step's status). */
    recordBundle(
      id: string,
      bundle: { at: string; path: string; sha256: string; files: string[] },
    ) {
      inventory.recordBundle(id, bundle);
    },
    /** The person says the bundle went to Thales (or takes it back with null). */
    markSubmitted(id: string, at: string | null): OnboardingView {
      inventory.markSubmitted(id, at);
      audit.append(at ? 'bundle.submitted' : 'bundle.submission-cleared', { onboarding: id });
      return inventory.view(id);
    },
    expiryScan: (withinDays?: number): ExpiryEntry[] => inventory.expiryScan(withinDays),
    /** The .ics text and how many events it holds; the caller writes it where the person chose. */
    calendar(withinDays?: number): RenewalCalendar {
      const calendar = inventory.calendar(withinDays);
      audit.append('calendar.exported', { events: calendar.events });
      return calendar;
    },
    recordTest(
      id: string,
      run: { direction: 'inbound' | 'outbound'; ok: boolean; summary: string; result: unknown },
    ): TestRunRecord {
      const entry = inventory.recordTest(id, run);
      audit.append('connection-test.run', {
        onboarding: id,
        direction: run.direction,
        ok: run.ok,
        test: entry.id,
      });
      return entry;
    },
    /** The full result of one kept test run (views also read it on first use of `result`); null when its file is gone. */
    testResult: (id: string, runId: string): unknown => inventory.testResult(id, runId),
  };
}

/** Client identities: generate, renew, retire. */
function identityFacet(desk: DeskContext) {
  const { deps } = desk;
  return {
    generate: (request: GenerateIdentityRequest): Promise<IdentityResult> =>
      generateIdentity(deps, request),
    renew: (request: {
      onboardingId: string;
      algorithm?: GenerateIdentityRequest['algorithm'];
      days?: number;
      beforeStore?: () => void;
      pin?: string;
      module?: string;
    }): Promise<IdentityResult> => renewIdentity(deps, request),
    retire: (request: { onboardingId: string; identityId: string }): IdentityRecord =>
      retireIdentity(deps, request),
  };
}

/** D1 OAuth 2.0: the signing key (in the vault), its public JWK, client assertions, the endpoints the probe uses. */
function oauthFacet(desk: DeskContext) {
  const { deps } = desk;
  return {
    state: (onboardingId: string) => oauthState(deps, onboardingId),
    generate: (request: Parameters<typeof generateOAuthKey>[1]) => generateOAuthKey(deps, request),
    renew: (request: Parameters<typeof renewOAuthKey>[1]) => renewOAuthKey(deps, request),
    retire: (request: Parameters<typeof retireOAuthKey>[1]) => retireOAuthKey(deps, request),
    setKid: (request: Parameters<typeof setOAuthKid>[1]) => setOAuthKid(deps, request),
    confirm: (request: Parameters<typeof confirmOAuthExchange>[1]) =>
      confirmOAuthExchange(deps, request),
    setEndpoints: (request: Parameters<typeof setOAuthEndpoints>[1]) =>
      setOAuthEndpoints(deps, request),
    jwk: (onboardingId: string) => oauthJwk(deps, onboardingId),
    assertion: (request: Parameters<typeof oauthAssertion>[1]) => oauthAssertion(deps, request),
  };
}

/** Assets Thales gives: checked live, then imported. */
function assetsFacet(desk: DeskContext) {
  const { catalog, deps, runningChecks } = desk;
  return {
    /**
     * Checks pasted or loaded text against the program without storing it, off the main thread;
     * a newer check of the same asset cancels this one (it then rejects with code 'cancelled').
     */
    check: async (request: {
      program: string;
      environment: EnvironmentId;
      asset: AssetName;
      data: string | Buffer;
      source?: string;
      signal?: AbortSignal;
      /** The certificate signed from this onboarding's CSR is checked against its keys, as the import does. */
      onboardingId?: string;
    }) => {
      const profile = catalog.get(request.program);
      const key = `${profile.id}/${request.environment}/${request.asset}`;
      runningChecks.get(key)?.abort();
      const controller = new AbortController();
      runningChecks.set(key, controller);
      const stop = () => controller.abort();
      request.signal?.addEventListener('abort', stop, { once: true });
      try {
        if (request.asset === 'THALES_SIGNED_CLIENT_CERTIFICATE' && request.onboardingId)
          return await checkSignedCertificate(
            deps,
            desk.inventory.get(request.onboardingId),
            profile,
            request.data,
            request.source ?? 'pasted text',
            controller.signal,
          );
        return await checkAsset(
          deps,
          profile,
          catalog.environment(profile, request.environment).id,
          request.asset,
          request.data,
          request.source ?? 'pasted text',
          { signal: controller.signal },
        );
      } finally {
        request.signal?.removeEventListener('abort', stop);
        if (runningChecks.get(key) === controller) runningChecks.delete(key);
      }
    },
    import: (request: ImportRequest): Promise<ImportResult> => importInto(deps, request),
    /** An existing key and its certificate (two files or one PKCS#12) as the identity: key into the vault. */
    importIdentityFiles: (request: IdentityFilesRequest): Promise<ImportResult> =>
      importIdentityFiles(deps, request),
  };
}

/** What leaves the data folder: keys (encrypted), PKCS#12, chains, the portal bundle, server configs. */
function exportsFacet(desk: DeskContext) {
  const { vault, deps } = desk;
  return {
    /** With masterPassphrase, the vault checks it first (unlocking it if locked): the app and the CLI always give it. */
    key: async (request: {
      onboardingId: string;
      identityId?: string;
      out: string;
      overwrite?: boolean;
      passphrase: string;
      masterPassphrase?: string;
    }): Promise<ExportResult> => {
      const { masterPassphrase, ...target } = request;
      checkExportPassphrase(target.passphrase);
      if (masterPassphrase !== undefined) await vault.authenticate(masterPassphrase, 'export');
      return exportKey(deps, target);
    },
    pkcs12: async (request: {
      onboardingId: string;
      identityId?: string;
      out: string;
      overwrite?: boolean;
      passphrase: string;
      preset: Pkcs12Preset;
      masterPassphrase?: string;
    }): Promise<ExportResult> => {
      const { masterPassphrase, ...target } = request;
      checkExportPassphrase(target.passphrase);
      if (masterPassphrase !== undefined) await vault.authenticate(masterPassphrase, 'export');
      return exportPkcs12(deps, target);
    },
    chain: (request: {
      onboardingId: string;
      identityId?: string;
      out: string;
      overwrite?: boolean;
    }): Promise<ExportResult> => exportChain(deps, request),
    bundle: (request: {
      onboardingId: string;
      out: string;
      overwrite?: boolean;
      /** What exists so far, marked partial (name, manifest, checklist); never the export step's status. */
      partial?: boolean;
      /** CHECKLIST.md in English (the default) or Japanese. */
      language?: 'en' | 'ja';
    }): Promise<BundleResult> => writeBundle(deps, request),
    /** nginx, Apache or HAProxy configuration for Thales -> your server; with `out`, written with the files it names. */
    serverConfig: (request: ServerConfigRequest): ServerConfigResult =>
      serverConfigOf(deps, request),
  };
}

/** PKCS#11 tokens: modules, keys, generation on the token. */
function tokensFacet(desk: DeskContext) {
  const { settings, audit, inventory } = desk;
  return {
    /** The module to use: the one given, else the first configured in the settings. */
    module(given?: string): string {
      const module = given ?? settings().pkcs11Modules[0];
      if (!module)
        throw new UserError(
          'bad-input',
          'no PKCS#11 module is given or configured: give the path of the module (a .so library) or configure one',
          { need: 'token-module' },
          { id: 'token.no-module' },
        );
      return module;
    },
    support: () => tokenSupport(),
    list: (module: string): ModuleInfo => listTokens(module),
    keys: (login: TokenLogin): Promise<TokenKey[]> => listKeys(login),
    /** Which onboardings use a key (by its URI or its public key). */
    usedBy(key: TokenKey): string[] {
      return inventory
        .list({})
        .map((summary) => inventory.get(summary.id))
        .filter((record) =>
          record.identities.some(
            (i) =>
              i.keyId === key.uri ||
              (key.publicKeySha256 !== null && i.publicKeySha256 === key.publicKeySha256),
          ),
        )
        .map((record) => record.id);
    },
    async generate(request: GenerateOnTokenRequest): Promise<TokenKey> {
      const key = await generateOnToken(request);
      audit.append('token.key-generated', {
        key: key.uri,
        module: request.module,
        algorithm: request.algorithm,
        publicKeySha256: key.publicKeySha256,
        sensitive: key.sensitive,
        extractable: key.extractable,
      });
      const { publicKey: _publicKey, ...rest } = key;
      void _publicKey;
      return rest;
    },
  };
}

/** The audit trail: entries, verification, checkpoints. */
function auditFacet(desk: DeskContext) {
  const { audit } = desk;
  return {
    entries: (): AuditEntry[] => audit.entries(),
    /** With the vault unlocked, the seals are checked too; a checkpoint kept elsewhere adds its check. */
    verify: (checkpoint?: { checkpoint: AuditCheckpoint; source: string }): AuditVerification =>
      audit.verify(
        checkpoint
          ? { checkpoint: checkpoint.checkpoint, checkpointSource: checkpoint.source }
          : {},
      ),
    /** A signed copy of the head to keep elsewhere (needs the vault unlocked). */
    checkpoint: (): AuditCheckpoint => audit.checkpoint(),
    parseCheckpoint: (text: string, source: string): AuditCheckpoint =>
      AuditLog.parseCheckpoint(text, source),
  };
}
