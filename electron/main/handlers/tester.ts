// Connection tests: an onboarding's inbound test and outbound readiness check (cancellable, with
// progress, recorded in its history), the stand-alone tester with files the person picks (the
// page only ever sees an id and a name; main keeps the path), and saving a result as a report.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type {
  InboundProbeResult,
  OutboundReadinessResult,
  ProbeProgress,
} from '../../../shared/diagnoses.js';
import type { ProbeReport, Requests } from '../../../shared/ipc-contract.js';
import { readInputFile } from '../../services/decode.js';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import { loadPemIdentity } from '../../services/probe/client-identity.js';
import { probeInbound } from '../../services/probe/inbound.js';
import {
  inboundProbeOf,
  onboardingIdentity,
  outboundCheckOf,
} from '../../services/probe/onboarding.js';
import { checkOutboundReadiness } from '../../services/probe/outbound.js';
import { renderReport } from '../../services/probe/report.js';
import { parseHostPort, parseProbeUrl } from '../../services/probe/target.js';
import { probePhase, type HandlerContext, type HandlerSlice } from './context.js';
import { tokenEndpointTest } from './token-endpoint.js';

type Channels =
  | 'test.inbound'
  | 'test.outbound'
  | 'test.tokenEndpoint'
  | 'tester.chooseFile'
  | 'tester.run'
  | 'report.save';
type ProbeResult = InboundProbeResult | OutboundReadinessResult;
type ProbeCommon = {
  dns: HandlerContext['dns'];
  signal: AbortSignal;
  onProgress: (p: ProbeProgress) => void;
  now: () => Date;
};

/** Files picked in the tester, by the id the page holds. */
class ChosenFiles {
  private readonly paths = new Map<string, string>();

  add(path: string): { id: string; name: string } {
    const id = randomUUID();
    this.paths.set(id, path);
    return { id, name: basename(path) };
  }

  path(id: string): string {
    const path = this.paths.get(id);
    if (path === undefined)
      throw new UserError('not-found', 'that file is no longer chosen: choose it again');
    return path;
  }
}

/** The client identity the tester presents: picked files, an onboarding's, or none. */
async function testerIdentity(
  ctx: HandlerContext,
  files: ChosenFiles,
  identity: Requests['tester.run']['identity'],
  signal: AbortSignal,
) {
  if (identity.kind === 'files')
    return loadPemIdentity(
      files.path(identity.certificateFile),
      files.path(identity.keyFile),
      () => identity.passphrase,
      { signal },
    );
  if (identity.kind === 'onboarding')
    return onboardingIdentity(ctx.desk, ctx.desk.onboardings.get(identity.onboardingId));
  return undefined;
}

/** A connection test of an onboarding: cancellable, with progress, recorded in its history once it finishes. */
function liveTest(
  ctx: HandlerContext,
  request: { operationId: string; onboardingId: string },
  start: (common: ProbeCommon) => Promise<ProbeResult>,
): Promise<ProbeReport> {
  return ctx.operations.run(request.operationId, async ({ signal, progress, commit }) => {
    const result = await start({
      dns: ctx.dns,
      signal,
      onProgress: (p) => progress(probePhase(p)),
      now: ctx.clock,
    });
    commit();
    const run = ctx.desk.onboardings.recordTest(request.onboardingId, {
      direction: result.kind,
      ok: result.ok,
      summary: result.diagnosis.title,
      result,
    });
    return { reportId: run.id, onboardingId: request.onboardingId, result };
  });
}

/** The support tester's own run: inbound to a URL, or the outbound readiness of host:port. */
async function testerRun(
  ctx: HandlerContext,
  files: ChosenFiles,
  request: Requests['tester.run'],
  signal: AbortSignal,
  progress: (phase: ReturnType<typeof probePhase>) => void,
): Promise<ProbeResult> {
  const { desk } = ctx;
  const profile = request.program ? desk.catalog.get(request.program) : undefined;
  const trust = request.caFile
    ? readInputFile(files.path(request.caFile)).toString('utf8')
    : undefined;
  const common = {
    profile,
    dns: ctx.dns,
    signal,
    onProgress: (p: ProbeProgress) => progress(probePhase(p)),
    now: ctx.clock,
  };
  // Outbound: a server Thales calls (yours), checked for readiness; the CA file is the
  // private trust store you declared to Thales.
  return request.direction === 'outbound'
    ? await checkOutboundReadiness({
        ...parseHostPort(request.url),
        trustPem: trust,
        ...common,
      })
    : await probeInbound({
        target: parseProbeUrl(request.url),
        identity: await testerIdentity(ctx, files, request.identity, signal),
        trustPem: trust === undefined ? undefined : [trust],
        ...common,
      });
}

export function testerHandlers(ctx: HandlerContext): HandlerSlice<Channels> {
  const { desk, operations, dialogs } = ctx;
  const files = new ChosenFiles();
  /** Tester results of this session, for "save report"; onboarding tests are in the inventory. */
  const reports = new Map<string, ProbeResult>();
  const findReport = (reportId: string, onboardingId?: string): ProbeResult | undefined =>
    onboardingId === undefined
      ? reports.get(reportId)
      : ((desk.onboardings.testResult(onboardingId, reportId) as ProbeResult | null) ?? undefined);

  return {
    'test.inbound': (request) =>
      liveTest(ctx, request, async (common) =>
        probeInbound({
          ...(await inboundProbeOf(desk, request.onboardingId, request.url)),
          ...common,
        }),
      ),
    'test.outbound': (request) =>
      liveTest(ctx, request, (common) =>
        checkOutboundReadiness({
          ...outboundCheckOf(desk, request.onboardingId, request.target),
          ...common,
        }),
      ),
    'test.tokenEndpoint': (request) =>
      liveTest(ctx, request, (common) =>
        tokenEndpointTest(desk, request, (id) => files.path(id), common),
      ),
    'tester.chooseFile': async (request) => {
      const path = await dialogs.openFile(request.purpose);
      return { file: path === null ? null : files.add(path) };
    },
    'tester.run': (request) =>
      operations.run(request.operationId, async ({ signal, progress }) => {
        const result = await testerRun(ctx, files, request, signal, progress);
        const reportId = randomUUID();
        reports.set(reportId, result);
        return { reportId, result };
      }),
    'report.save': async (request) => {
      const result = findReport(request.reportId, request.onboardingId);
      if (!result)
        throw new UserError(
          'not-found',
          'that test result is no longer available: run the test again',
        );
      const path = await dialogs.saveFile(
        `mtls-desk-${result.kind}-${result.startedAt.slice(0, 19).replace(/[:T]/g, '-')}.html`,
      );
      if (path === null) return { path: null };
      // The native save dialog already asked before replacing a file.
      writeFileAtomic(
        path,
        renderReport(result, request.onboardingId === undefined ? 'tester' : 'onboarding'),
        { mode: 0o644, overwrite: true },
      );
      return { path };
    },
  };
}
