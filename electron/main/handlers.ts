// What each IPC channel does in main, as plain Node: the services are injected, so the same
// handlers run inside Electron and inside the end-to-end tests (bridged to a real browser page).
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { InboundProbeResult, OutboundReadinessResult, ProbeProgress } from '../../shared/diagnoses.js';
import type { ProbeReport, ProgressEvent } from '../../shared/ipc-contract.js';
import { DEFAULT_EXPIRING_SOON_DAYS } from '../../shared/rules/context.js';
import { readInputFile } from '../services/decode.js';
import { UserError } from '../services/errors.js';
import { writeFileAtomic } from '../services/files.js';
import { loadPemIdentity } from '../services/probe/client-identity.js';
import type { DnsDependencies } from '../services/probe/dns.js';
import { probeInbound } from '../services/probe/inbound.js';
import { parseProbeUrl } from '../services/probe/target.js';
import type { ProgramCatalog } from '../services/programs.js';
import { checkAsset } from './asset-check.js';
import type { Handlers } from './dispatch.js';
import { Operations } from './operations.js';

export type FilePurpose = 'certificate' | 'key' | 'ca';

/** Native dialogs in the app; a test supplies answers of its own. */
export interface Dialogs {
  openFile(purpose: FilePurpose): Promise<string | null>;
  saveFile(suggestedName: string): Promise<string | null>;
}

export interface MainDeps {
  catalog: ProgramCatalog;
  dataDir: string;
  version: string;
  clock: () => Date;
  dialogs: Dialogs;
  emitProgress: (event: ProgressEvent) => void;
  /** Name resolution for the probes (tests point it at a loopback DNS responder). */
  dns?: DnsDependencies;
}

function probePhase(progress: ProbeProgress): string {
  return progress.status === 'running' ? `${progress.step}…` : `${progress.step}: ${progress.status}`;
}

function unavailable(what: string): never {
  throw new UserError('not-found', `${what} is not available in this build of mTLS Desk yet`);
}

export function createHandlers(deps: MainDeps): Handlers {
  const operations = new Operations(deps.emitProgress);
  /** Files picked in the tester: the page only ever sees an id and a name, main keeps the path. */
  const chosenFiles = new Map<string, string>();
  const chosenFile = (id: string): string => {
    const path = chosenFiles.get(id);
    if (path === undefined) throw new UserError('not-found', 'that file is no longer chosen: choose it again');
    return path;
  };
  /** Results kept for "save report" during this session. */
  const reports = new Map<string, InboundProbeResult | OutboundReadinessResult>();
  const remember = (result: InboundProbeResult | OutboundReadinessResult): ProbeReport => {
    const reportId = randomUUID();
    reports.set(reportId, result);
    return { reportId, result };
  };

  return {
    'app.info': async () => ({ version: deps.version, dataDir: deps.dataDir, services: { vault: false, probe: false } }),
    'programs.list': async () => ({ programs: deps.catalog.list() }),
    'vault.status': async () => unavailable('the vault'),
    'vault.init': async () => unavailable('the vault'),
    'vault.unlock': async () => unavailable('the vault'),
    'vault.lock': async () => unavailable('the vault'),
    'settings.get': async () => unavailable('settings'),
    'settings.update': async () => unavailable('settings'),
    'onboardings.list': async () => unavailable('the inventory'),
    'onboarding.create': async () => unavailable('the inventory'),
    'onboarding.get': async () => unavailable('the inventory'),
    'identity.generate': async () => unavailable('key generation into the vault'),
    'identity.importSigned': async () => unavailable('the inventory'),
    'asset.check': async (request) => {
      const profile = deps.catalog.get(request.program);
      const environment = deps.catalog.environment(profile, request.environment);
      return checkAsset(profile, environment.id, request.asset, request.text, { now: deps.clock(), expiringSoonDays: DEFAULT_EXPIRING_SOON_DAYS });
    },
    'asset.save': async () => unavailable('the inventory'),
    'test.inbound': async () => unavailable('the connection test'),
    'test.outbound': async () => unavailable('the readiness check'),
    'tester.chooseFile': async (request) => {
      const path = await deps.dialogs.openFile(request.purpose);
      if (path === null) return { file: null };
      const id = randomUUID();
      chosenFiles.set(id, path);
      return { file: { id, name: basename(path) } };
    },
    'tester.run': (request) => operations.run(request.operationId, async ({ signal, progress }) => {
      const target = parseProbeUrl(request.url);
      const identity = request.identity;
      if (identity.kind === 'onboarding') unavailable('testing with a vault identity');
      const profile = request.program ? deps.catalog.get(request.program) : undefined;
      const result = await probeInbound({
        target,
        profile,
        identity: identity.kind === 'files' ? await loadPemIdentity(chosenFile(identity.certificateFile), chosenFile(identity.keyFile), () => identity.passphrase) : undefined,
        trustPem: request.caFile ? [readInputFile(chosenFile(request.caFile)).toString('utf8')] : undefined,
        dns: deps.dns,
        signal,
        onProgress: (p) => progress(probePhase(p)),
        now: deps.clock,
      });
      return remember(result);
    }),
    'report.save': async (request) => {
      const result = reports.get(request.reportId);
      if (!result) throw new UserError('not-found', 'that test result is no longer available: run the test again');
      const path = await deps.dialogs.saveFile(`mtls-desk-${result.kind}-${result.startedAt.slice(0, 19).replace(/[:T]/g, '-')}.json`);
      if (path === null) return { path: null };
      writeFileAtomic(path, JSON.stringify(result, null, 2) + '\n', { mode: 0o644 });
      return { path };
    },
    'export.bundle': async () => unavailable('the bundle'),
    'export.deployment': async () => unavailable('key export'),
    'audit.list': async () => unavailable('the audit trail'),
    'operation.cancel': async (request) => ({ cancelled: operations.cancel(request.operationId) }),
  };
}
