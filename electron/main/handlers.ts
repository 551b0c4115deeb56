// What each IPC channel does in main, as plain Node: the desk (vault, inventory, audit, import,
// export, bundle) and the probes are injected, so the same handlers run inside Electron and in
// the end-to-end tests, bridged to a real browser page.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { COMMON_MODULE_PATHS, TOKEN_TLS_IN_APP } from '../../shared/pkcs11.js';
import { KEY_ALGORITHMS } from '../../shared/algorithms.js';
import {
  type InboundProbeResult,
  type OutboundReadinessResult,
  type ProbeProgress,
} from '../../shared/diagnoses.js';
import { hasErrors } from '../../shared/findings.js';
import type {
  OnboardingDetail,
  ProbeReport,
  ProgressEvent,
  Settings,
} from '../../shared/ipc-contract.js';
import { PROBE_STEP_TITLES } from '../../shared/ipc-channels.js';
import { readInputFile } from '../services/decode.js';
import type { Desk } from '../services/desk.js';
import { UserError } from '../services/errors.js';
import { writeFileAtomic } from '../services/files.js';
import { loadPemIdentity } from '../services/probe/client-identity.js';
import type { DnsDependencies } from '../services/probe/dns.js';
import { probeInbound } from '../services/probe/inbound.js';
import {
  inboundProbeOf,
  onboardingIdentity,
  outboundCheckOf,
} from '../services/probe/onboarding.js';
import { checkOutboundReadiness } from '../services/probe/outbound.js';
import { renderReport } from '../services/probe/report.js';
import { parseProbeUrl } from '../services/probe/target.js';
import { bundleBlockers, bundleRefusal } from './app-wording.js';
import { chooseDataFolder, holdsVault, nextDataFolder, type DataFolder } from './data-folder.js';
import type { Handlers } from './dispatch.js';
import {
  certificateSummary,
  keyViews,
  onboardingDetail,
  onboardingSummary,
  vaultStatusView,
} from './onboarding-views.js';
import { createOnboardingQuery } from './onboarding-query.js';
import { Operations } from './operations.js';

export type FilePurpose = 'certificate' | 'key' | 'ca';

/** Native dialogs in the app; a test supplies answers of its own. */
export interface Dialogs {
  openFile(purpose: FilePurpose): Promise<string | null>;
  saveFile(suggestedName: string): Promise<string | null>;
  openFolder(): Promise<string | null>;
}

export interface MainDeps {
  desk: Desk;
  /** The folder the desk runs on, and where a new choice is recorded for the next start. */
  dataFolder: DataFolder;
  version: string;
  clock: () => Date;
  dialogs: Dialogs;
  emitProgress: (event: ProgressEvent) => void;
  /** Name resolution for the probes (tests point it at a loopback DNS responder). */
  dns?: DnsDependencies;
}

/** The progress line of a connection test, in the step names the result shows (the page adds the ellipsis). */
function probePhase(progress: ProbeProgress): string {
  const step = PROBE_STEP_TITLES[progress.step] ?? progress.step;
  return progress.status === 'running' ? step : `${step}: ${progress.status}`;
}

export function createHandlers(deps: MainDeps): Handlers {
  const { desk } = deps;
  const operations = new Operations(deps.emitProgress);
  /** Files picked in the tester: the page only ever sees an id and a name, main keeps the path. */
  const chosenFiles = new Map<string, string>();
  const chosenFile = (id: string): string => {
    const path = chosenFiles.get(id);
    if (path === undefined)
      throw new UserError('not-found', 'that file is no longer chosen: choose it again');
    return path;
  };
  /** Tester results of this session, for "save report"; onboarding tests are in the inventory. */
  const reports = new Map<string, InboundProbeResult | OutboundReadinessResult>();
  const remember = (result: InboundProbeResult | OutboundReadinessResult): ProbeReport => {
    const reportId = randomUUID();
    reports.set(reportId, result);
    return { reportId, result };
  };
  /** An onboarding's test is read from its history; the tester's from this session's. */
  const findReport = (
    reportId: string,
    onboardingId?: string,
  ): InboundProbeResult | OutboundReadinessResult | undefined =>
    onboardingId === undefined
      ? reports.get(reportId)
      : ((desk.onboardings.testResult(onboardingId, reportId) as
          InboundProbeResult | OutboundReadinessResult | null) ?? undefined);

  const detail = (id: string): OnboardingDetail => {
    const view = desk.onboardings.get(id);
    return onboardingDetail(view, desk.catalog.get(view.program), deps.clock());
  };
  const vaultStatus = () => vaultStatusView(desk);
  const settings = (): Settings => {
    const current = desk.settings.get();
    const next = nextDataFolder(deps.dataFolder);
    return {
      dataDir: desk.dataDir,
      dataDirAfterRestart: next !== desk.dataDir ? next : null,
      dataDirAfterRestartHoldsVault: next !== desk.dataDir && holdsVault(next),
      dataDirFromEnvironment: deps.dataFolder.fromEnvironment,
      expiryWarningDays: [...current.expiryWarningDays].sort((a, b) => b - a),
      autoLockMinutes: current.autoLockMinutes,
    };
  };
  const queryOnboardings = createOnboardingQuery({
    summaries: () => desk.onboardings.list().map(onboardingSummary),
    expiringWithinDays: () => Math.max(...desk.settings.get().expiryWarningDays),
    now: deps.clock,
  });
  const recordTest = (
    onboardingId: string,
    result: InboundProbeResult | OutboundReadinessResult,
  ): ProbeReport => {
    const run = desk.onboardings.recordTest(onboardingId, {
      direction: result.kind,
      ok: result.ok,
      summary: result.diagnosis.title,
      result,
    });
    return { reportId: run.id, onboardingId, result };
  };

  /** A connection test of an onboarding: cancellable, with progress, recorded in its history once it finishes. */
  const liveTest = (
    request: { operationId: string; onboardingId: string },
    start: (common: {
      dns: typeof deps.dns;
      signal: AbortSignal;
      onProgress: (p: ProbeProgress) => void;
      now: typeof deps.clock;
    }) => Promise<InboundProbeResult | OutboundReadinessResult>,
  ) =>
    operations.run(request.operationId, async ({ signal, progress, commit }) => {
      const result = await start({
        dns: deps.dns,
        signal,
        onProgress: (p) => progress(probePhase(p)),
        now: deps.clock,
      });
      commit();
      return recordTest(request.onboardingId, result);
    });

  return {
    'app.info': async () => ({
      version: deps.version,
      dataDir: desk.dataDir,
      services: { vault: true, probe: true },
    }),
    'programs.list': async () => ({
      programs: desk.catalog.list(),
      externalRules: desk.catalog.external,
    }),
    'vault.status': async () => vaultStatus(),
    'vault.init': async (request) => (await desk.vault.init(request.passphrase), vaultStatus()),
    'vault.unlock': async (request) => (await desk.vault.unlock(request.passphrase), vaultStatus()),
    'vault.lock': async () => (desk.vault.lock(), vaultStatus()),
    'vault.changePassphrase': async (request) => (
      await desk.vault.changePassphrase(request.current, request.next),
      vaultStatus()
    ),
    'keys.list': async () => ({ keys: keyViews(desk) }),
    'keys.delete': async (request) => (
      await desk.vault.deleteKey(request.keyId, request.confirm),
      { keys: keyViews(desk) }
    ),
    'keys.restore': async (request) => (
      await desk.vault.restoreKey(request.keyId),
      { keys: keyViews(desk) }
    ),
    'settings.get': async () => settings(),
    'settings.update': async (request) => {
      desk.settings.update({
        autoLockMinutes: request.autoLockMinutes,
        expiryWarningDays: request.expiryWarningDays,
      });
      return settings();
    },
    'settings.dataDir': async (request) => {
      if (request.action === 'default') {
        chooseDataFolder(deps.dataFolder, null);
        return settings();
      }
      const dir = await deps.dialogs.openFolder();
      if (dir !== null) chooseDataFolder(deps.dataFolder, dir);
      return settings();
    },
    'onboardings.query': async (request) => queryOnboardings(request),
    'onboarding.create': async (request) => detail(desk.onboardings.create(request).id),
    'onboarding.get': async (request) => detail(request.id),
    'identity.generate': (request) =>
      operations.run(request.operationId, async ({ progress, commit }) => {
        progress(
          `generating the ${KEY_ALGORITHMS[request.algorithm].label} key and the ${desk.catalog.get(desk.onboardings.get(request.onboardingId).program).clientCertificate.mode === 'csr' ? 'CSR' : 'certificate'}`,
        );
        await desk.identity.generate({
          onboardingId: request.onboardingId,
          algorithm: request.algorithm,
          subject: request.subject,
          commonName: request.commonName,
          commonNameTemplate: request.commonNameTemplate,
          days: request.days,
          beforeStore: commit,
          token: request.token,
        });
        return detail(request.onboardingId);
      }),
    'identity.renew': (request) =>
      operations.run(request.operationId, async ({ progress, commit }) => {
        progress('generating the new key');
        await desk.identity.renew({
          onboardingId: request.onboardingId,
          days: request.days,
          beforeStore: commit,
          pin: request.pin,
        });
        return detail(request.onboardingId);
      }),
    'identity.retire': async (request) => {
      desk.identity.retire({ onboardingId: request.onboardingId, identityId: request.identityId });
      return detail(request.onboardingId);
    },
    'oauth.get': async (request) => desk.oauth.state(request.onboardingId),
    'oauth.generate': async (request) => {
      await desk.oauth.generate({ onboardingId: request.onboardingId, kid: request.kid });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.renew': async (request) => {
      await desk.oauth.renew({ onboardingId: request.onboardingId, kid: request.kid });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.setKid': async (request) => {
      desk.oauth.setKid({ onboardingId: request.onboardingId, kid: request.kid });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.confirm': async (request) => {
      desk.oauth.confirm({ onboardingId: request.onboardingId, confirmed: request.confirmed });
      return desk.oauth.state(request.onboardingId);
    },
    'oauth.endpoints': async (request) =>
      desk.oauth.setEndpoints({
        onboardingId: request.onboardingId,
        tokenUrl: request.tokenUrl,
        apiPath: request.apiPath,
      }),
    'identity.importSigned': async (request) => {
      await desk.assets.import({
        onboardingId: request.onboardingId,
        as: 'signed-certificate',
        data: request.text,
        source: 'pasted text',
      });
      return detail(request.onboardingId);
    },
    'asset.check': async (request) => {
      const check = await desk.assets.check({
        program: request.program,
        environment: request.environment,
        asset: request.asset,
        data: request.text,
      });
      return {
        ok: check.ok,
        findings: check.findings,
        certificates: check.certificates.map((c) => certificateSummary(c, deps.clock())),
      };
    },
    'asset.save': async (request) => {
      const view = desk.onboardings.get(request.onboardingId);
      // Checked first: an asset with a lint error is refused, and nothing is stored.
      const check = await desk.assets.check({
        program: view.program,
        environment: view.environment,
        asset: request.asset,
        data: request.text,
      });
      if (hasErrors(check.findings)) {
        const first = check.findings.find((f) => f.severity === 'error')!;
        throw new UserError(
          'not-compliant',
          `${request.asset} was not saved: ${first.message}; ${first.fix}`,
        );
      }
      await desk.assets.import({
        onboardingId: request.onboardingId,
        as: request.asset,
        data: request.text,
        source: 'pasted text',
      });
      return detail(request.onboardingId);
    },
    'test.inbound': (request) =>
      liveTest(request, async (common) =>
        probeInbound({
          ...(await inboundProbeOf(desk, request.onboardingId, request.url)),
          ...common,
        }),
      ),
    'test.outbound': (request) =>
      liveTest(request, (common) =>
        checkOutboundReadiness({
          ...outboundCheckOf(desk, request.onboardingId, request.target),
          ...common,
        }),
      ),
    'tester.chooseFile': async (request) => {
      const path = await deps.dialogs.openFile(request.purpose);
      if (path === null) return { file: null };
      const id = randomUUID();
      chosenFiles.set(id, path);
      return { file: { id, name: basename(path) } };
    },
    'tester.run': (request) =>
      operations.run(request.operationId, async ({ signal, progress }) => {
        const identity = request.identity;
        const result = await probeInbound({
          target: parseProbeUrl(request.url),
          profile: request.program ? desk.catalog.get(request.program) : undefined,
          identity:
            identity.kind === 'files'
              ? await loadPemIdentity(
                  chosenFile(identity.certificateFile),
                  chosenFile(identity.keyFile),
                  () => identity.passphrase,
                  { signal },
                )
              : identity.kind === 'onboarding'
                ? await onboardingIdentity(desk, desk.onboardings.get(identity.onboardingId))
                : undefined,
          trustPem: request.caFile
            ? [readInputFile(chosenFile(request.caFile)).toString('utf8')]
            : undefined,
          dns: deps.dns,
          signal,
          onProgress: (p) => progress(probePhase(p)),
          now: deps.clock,
        });
        return remember(result);
      }),
    'report.save': async (request) => {
      const result = findReport(request.reportId, request.onboardingId);
      if (!result)
        throw new UserError(
          'not-found',
          'that test result is no longer available: run the test again',
        );
      const path = await deps.dialogs.saveFile(
        `mtls-desk-${result.kind}-${result.startedAt.slice(0, 19).replace(/[:T]/g, '-')}.html`,
      );
      if (path === null) return { path: null };
      // The native save dialog already asked before replacing a file.
      writeFileAtomic(path, renderReport(result), { mode: 0o644, overwrite: true });
      return { path };
    },
    'export.bundle': async (request) => {
      const view = desk.onboardings.get(request.onboardingId);
      const profile = desk.catalog.get(view.program);
      // Say what is missing before asking where to save.
      const blockers = bundleBlockers(view, profile);
      if (blockers) throw blockers;
      const out = await deps.dialogs.saveFile(
        `${view.program}-${view.identifier}-${view.environment}-portal-bundle.zip`,
      );
      if (out === null) return { path: null, files: [] };
      try {
        // The native save dialog already asked before replacing a file.
        const result = await desk.exports.bundle({ onboardingId: view.id, out, overwrite: true });
        return { path: result.out, files: result.files };
      } catch (error) {
        throw bundleRefusal(error, profile);
      }
    },
    'export.deployment': async (request) => {
      const view = desk.onboardings.get(request.onboardingId);
      const extension = {
        key: 'key.pem',
        'p12-modern': 'p12',
        'p12-legacy': 'legacy.p12',
        chain: 'chain.pem',
      }[request.format];
      // A private key leaves the vault only after the master passphrase is typed again, checked
      // (through the one attempt counter, delay and audit) before the save dialog opens.
      if (request.format !== 'chain') {
        if (!request.masterPassphrase)
          throw new UserError(
            'passphrase-required',
            'type the master passphrase again to export a private key',
          );
        await desk.vault.authenticate(request.masterPassphrase);
      }
      const out = await deps.dialogs.saveFile(
        `${view.program}-${view.identifier}-${view.environment}.${extension}`,
      );
      if (out === null) return { path: null };
      const target = { onboardingId: view.id, out, overwrite: true };
      if (request.format === 'chain') return { path: (await desk.exports.chain(target)).out };
      if (!request.passphrase)
        throw new UserError(
          'passphrase-required',
          'give a passphrase to protect the exported private key',
        );
      const result =
        request.format === 'key'
          ? await desk.exports.key({
              ...target,
              passphrase: request.passphrase,
            })
          : await desk.exports.pkcs12({
              ...target,
              passphrase: request.passphrase,
              preset: request.format === 'p12-modern' ? 'modern' : 'legacy',
            });
      return { path: result.out };
    },
    'calendar.export': async (request) => {
      const path = await deps.dialogs.saveFile('mtls-desk-renewals.ics');
      if (path === null) return { path: null, events: 0 };
      const { ics, events } = desk.onboardings.calendar(request.withinDays);
      // The native save dialog already asked before replacing a file.
      writeFileAtomic(path, ics, { mode: 0o644, overwrite: true });
      return { path, events };
    },
    'audit.list': async () => {
      const verification = desk.audit.verify();
      return {
        entries: desk.audit.entries().map((e) => ({
          seq: e.seq,
          at: e.at,
          who: e.who,
          action: e.action,
          summary: Object.entries(e.details)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(' '),
          sealed: e.seal !== undefined,
        })),
        verified: verification.ok,
        problem: verification.problems[0]?.message ?? null,
        problems: verification.problems.map((p) => p.message),
        seals: verification.seals,
        sealedLater: verification.sealedLater,
        unsealed: verification.unsealed,
      };
    },
    'operation.cancel': async (request) => ({ cancelled: operations.cancel(request.operationId) }),
    'tokens.state': async () => tokensState(desk),
    'tokens.modules': async (request) => {
      desk.settings.update({ pkcs11Modules: request.modules });
      return tokensState(desk);
    },
    'tokens.list': async (request) => desk.tokens.list(request.module),
    'tokens.keys': async (request) => ({
      keys: (await desk.tokens.keys(request)).map((key) => ({
        uri: key.uri,
        label: key.label,
        algorithm: key.algorithm,
        publicKeySha256: key.publicKeySha256,
        sensitive: key.sensitive,
        neverExtractable: key.neverExtractable,
        certificates: key.certificates.map((c) => ({ subject: c.subject, notAfter: c.notAfter })),
        onboardings: desk.tokens.usedBy(key),
      })),
    }),
  };
}

function tokensState(desk: Desk) {
  const support = desk.tokens.support();
  return {
    available: support.available,
    reason: support.available ? null : support.reason,
    modules: desk.settings.get().pkcs11Modules,
    suggested: (COMMON_MODULE_PATHS[process.platform] ?? []).filter((path) => existsSync(path)),
    tlsInApp: TOKEN_TLS_IN_APP,
  };
}
