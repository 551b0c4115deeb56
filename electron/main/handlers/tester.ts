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
import { loadPemIdentity, loadPkcs12Identity } from '../../services/probe/client-identity.js';
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

/** Files picked in main (the tester, the identity import), by the id the page holds. */
export class ChosenFiles {
  private readonly paths = new Map<string, string>();

  add(path: string): { id: string; name: string } {
    const id = randomUUID();
    this.paths.set(id, path);
    return { id, name: basename(path) };
  }

  /** The chosen file's name (no folder), as refusals name it. */
  name(id: string): string {
    return basename(this.path(id));
  }

  path(id: string): string {
    const path = this.paths.get(id);
    if (path === undefined)
      throw new UserError(
        'not-found',
        'that file is no longer chosen: choose it again',
        {},
        { id: 'tester.file-forgotten' },
      );
    return path;
  }
}

/**
 * A refusal of one of the request's inputs, said at its field (the contract's key): what the
 * person typed or chose there is what to change. An error that already names its field keeps it.
 */
export function atField(error: unknown, field: string): unknown {
  if (!(error instanceof UserError) || error.details.field !== undefined) return error;
  return new UserError(error.code, error.message, { ...error.details, field }, error.text);
}

async function inputAt<T>(field: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw atField(error, field);
  }
}

/**
 * A file's password asked for or refused is about the passphrase field; a PKCS#12 file's is its
 * file password (the need the app words as that field, not as the key's).
 */
function passphraseAt(error: unknown, pkcs12 = false): unknown {
  if (
    !(error instanceof UserError) ||
    (error.code !== 'wrong-passphrase' && error.code !== 'passphrase-required')
  )
    return error;
  return new UserError(
    error.code,
    error.message,
    {
      ...error.details,
      ...(pkcs12 && error.details.need !== undefined ? { need: 'file-passphrase' as const } : {}),
      field: 'passphrase',
    },
    error.text,
  );
}

/** The client identity the tester presents: picked files, a PKCS#12 file, an onboarding's, or none. */
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
    ).catch((error: unknown) => {
      throw passphraseAt(error);
    });
  if (identity.kind === 'pkcs12')
    // Decoded here in main (off the main thread): only the probe's findings go back to the page.
    return loadPkcs12Identity(files.path(identity.file), () => identity.passphrase, {
      signal,
    }).catch((error: unknown) => {
      throw atField(passphraseAt(error, true), 'file');
    });
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
      onProgress: (p) => progress(probePhase(p), null, p),
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
  progress: (phase: ReturnType<typeof probePhase>, fraction: null, probe: ProbeProgress) => void,
): Promise<ProbeResult> {
  const { desk } = ctx;
  const profile = request.program ? desk.catalog.get(request.program) : undefined;
  const caFile = request.caFile;
  const trust = caFile
    ? await inputAt('caFile', () => readInputFile(files.path(caFile)).toString('utf8'))
    : undefined;
  const common = {
    profile,
    dns: ctx.dns,
    signal,
    onProgress: (p: ProbeProgress) => progress(probePhase(p), null, p),
    now: ctx.clock,
  };
  // Outbound: a server Thales calls (yours), checked for readiness; the CA file is the
  // private trust store you declared to Thales.
  return request.direction === 'outbound'
    ? await checkOutboundReadiness({
        ...(await inputAt('url', () => parseHostPort(request.url))),
        trustPem: trust,
        ...common,
      })
    : await probeInbound({
        target: await inputAt('url', () => parseProbeUrl(request.url)),
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
          {},
          { id: 'tester.result-gone' },
        );
      const path = await dialogs.saveFile(
        `mtls-desk-${result.kind}-${result.startedAt.slice(0, 19).replace(/[:T]/g, '-')}.html`,
      );
      if (path === null) return { path: null };
      // The native save dialog already asked before replacing a file.
      writeFileAtomic(
        path,
        renderReport(
          result,
          request.onboardingId === undefined ? 'tester' : 'onboarding',
          request.language ?? 'en',
        ),
        { mode: 0o644, overwrite: true },
      );
      return { path };
    },
  };
}
