// Files for Thales and for deployment: the portal bundle, the key / PKCS#12 / chain for a server,
// and the renewal calendar. Each asks where to save only once nothing stands in the way.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../services/files.js';
import { UserError } from '../../services/errors.js';
import {
  carriesPrivateKey,
  deploymentFileName,
  exportDeployment,
} from '../../services/export/deployment.js';
import { bundleBlockers, bundleRefusal } from '../app-wording.js';
import type { HandlerContext, HandlerSlice } from './context.js';
import type { AssetName } from '../../../shared/programs/names.js';
import { stepLabel } from '../../../shared/wizard-steps.js';

type Channels =
  | 'export.bundle'
  | 'export.deployment'
  | 'export.markSubmitted'
  | 'export.showInFolder'
  | 'calendar.export';

/** The export step's status: when, where, and the SHA-256 of the file as written. */
function recordBundle(
  desk: HandlerContext['desk'],
  onboardingId: string,
  result: { out: string; files: string[] },
  clock: HandlerContext['clock'],
): void {
  desk.onboardings.recordBundle(onboardingId, {
    at: clock().toISOString(),
    path: result.out,
    sha256: createHash('sha256').update(readFileSync(result.out)).digest('hex'),
    files: result.files,
  });
}

/** The portal bundle: complete (checked as always, it finishes the export step) or partial. */
async function saveBundle(
  { desk, dialogs, clock }: Pick<HandlerContext, 'desk' | 'dialogs' | 'clock'>,
  request: { onboardingId: string; partial?: boolean; language?: 'en' | 'ja' },
) {
  const view = desk.onboardings.get(request.onboardingId);
  const profile = desk.catalog.get(view.program);
  const partial = request.partial ?? false;
  // Say what is missing before asking where to save (a partial bundle says it inside instead).
  const blockers = partial ? null : bundleBlockers(view, profile);
  if (blockers) throw blockers;
  if (partial && !view.record.identities.some((i) => i.retiredAt === null))
    throw new UserError(
      'not-found',
      `there is nothing to put in a partial bundle yet: make the client identity first (${stepLabel(profile, 'identity')})`,
      {},
      { id: 'bundle.nothing-yet' },
    );
  const out = await dialogs.saveFile(
    `${view.program}-${view.identifier}-${view.environment}-${partial ? 'PARTIAL-' : ''}portal-bundle.zip`,
  );
  if (out === null) return { path: null, files: [], partial, stillNeeded: [] };
  try {
    // The native save dialog already asked before replacing a file.
    const result = await desk.exports.bundle({
      onboardingId: view.id,
      out,
      overwrite: true,
      partial,
      language: request.language ?? 'en',
    });
    // Only the complete bundle finishes the export step.
    if (!partial) recordBundle(desk, view.id, result, clock);
    return {
      path: result.out,
      files: result.files,
      partial,
      stillNeeded: (result.manifest.stillNeeded ?? []).map((n) => ({
        asset: n.asset as AssetName,
        why: n.why,
        step: n.step,
      })),
    };
  } catch (error) {
    throw bundleRefusal(error, profile);
  }
}

export function exportHandlers({
  desk,
  dialogs,
  clock,
  detail,
}: HandlerContext): HandlerSlice<Channels> {
  return {
    'export.bundle': (request) => saveBundle({ desk, dialogs, clock }, request),
    'export.deployment': async (request) => {
      const view = desk.onboardings.get(request.onboardingId);
      // A private key leaves the vault only after the master passphrase is typed again, checked
      // (through the one attempt counter, delay and audit) before the save dialog opens.
      if (carriesPrivateKey(request.format)) {
        if (!request.masterPassphrase)
          throw new UserError(
            'passphrase-required',
            'type the master passphrase again to export a private key',
            {},
            { id: 'export.master-passphrase-needed' },
          );
        await desk.vault.authenticate(request.masterPassphrase);
      }
      const out = await dialogs.saveFile(deploymentFileName(view, request.format));
      if (out === null) return { path: null };
      // The native save dialog already asked before replacing a file.
      const path = await exportDeployment(desk, {
        onboardingId: view.id,
        format: request.format,
        out,
        passphrase: request.passphrase,
        overwrite: true,
      });
      return { path };
    },
    'export.markSubmitted': async (request) => {
      desk.onboardings.markSubmitted(
        request.onboardingId,
        request.submitted ? clock().toISOString() : null,
      );
      return detail(request.onboardingId);
    },
    'export.showInFolder': async (request) => {
      const bundle = desk.onboardings.get(request.onboardingId).record.exported?.bundle;
      if (!bundle)
        throw new UserError(
          'not-found',
          'no portal bundle was saved yet: save it first',
          {},
          { id: 'bundle.none-saved' },
        );
      if (!dialogs.showInFolder) return { shown: false, path: bundle.path };
      await dialogs.showInFolder(bundle.path);
      return { shown: true, path: bundle.path };
    },
    'calendar.export': async (request) => {
      const path = await dialogs.saveFile('mtls-desk-renewals.ics');
      if (path === null) return { path: null, events: 0 };
      const { ics, events } = desk.onboardings.calendar(request.withinDays);
      // The native save dialog already asked before replacing a file.
      writeFileAtomic(path, ics, { mode: 0o644, overwrite: true });
      return { path, events };
    },
  };
}
