// The client identity of an onboarding: a key with its certificate or CSR (cancellable, with
// progress), renewal, retirement, and the certificate Thales signed (D1).
import { KEY_ALGORITHMS } from '../../../shared/algorithms.js';
import { readInputFile } from '../../services/decode.js';
import { UserError } from '../../services/errors.js';
import { writeFileAtomic } from '../../services/files.js';
import { IDENTITY_FILE_FIELDS } from '../../services/import.js';
import { atField, ChosenFiles } from './tester.js';
import { pageModule } from './tokens.js';
import type { HandlerContext, HandlerSlice } from './context.js';

/** The identity import in the browser shell, where no file can be chosen. */
const BROWSER_CANNOT_OPEN =
  'the browser version of mTLS Desk cannot open files from your disk: import the key and certificate in the desktop window, or run mtls-desk import --onboarding ID --as identity FILE';

type Channels =
  | 'identity.generate'
  | 'identity.renew'
  | 'identity.retire'
  | 'identity.importSigned'
  | 'identity.save'
  | 'identity.chooseFile'
  | 'identity.importFiles';

/** An existing key and certificate (or a PKCS#12 file) taken in as the identity. */
function identityImportHandlers(
  dialogs: HandlerContext['dialogs'],
  desk: HandlerContext['desk'],
  detail: HandlerContext['detail'],
): HandlerSlice<'identity.chooseFile' | 'identity.importFiles'> {
  /** The files of an existing identity, chosen in main: the page holds their ids only. */
  const files = new ChosenFiles();
  /** A chosen file's bytes and name; a refusal to read it is said at its field. */
  const chosen = (fileId: string, field: string) => {
    try {
      const path = files.path(fileId);
      return { data: readInputFile(path), source: files.name(fileId) };
    } catch (error) {
      throw atField(error, field);
    }
  };
  return {
    'identity.chooseFile': async (request) => {
      const path = await dialogs.openFile(request.purpose).catch((error: unknown) => {
        // The browser shell cannot open files: say what to do instead, for this action.
        if ((error as { code?: unknown }).code !== 'unavailable') throw error;
        throw Object.assign(new Error(BROWSER_CANNOT_OPEN), {
          name: 'ShellUnavailable',
          code: 'unavailable',
        });
      });
      return { file: path === null ? null : files.add(path) };
    },
    'identity.importFiles': async (request) => {
      // Read and checked here in main; the key goes into the vault and only the public view returns.
      await desk.assets.importIdentityFiles({
        onboardingId: request.onboardingId,
        key: chosen(request.keyFile, IDENTITY_FILE_FIELDS.key),
        certificate:
          request.certificateFile === undefined
            ? undefined
            : chosen(request.certificateFile, IDENTITY_FILE_FIELDS.certificate),
        passphrase: request.passphrase,
      });
      return detail(request.onboardingId);
    },
  };
}

export function identityHandlers({
  desk,
  operations,
  detail,
  dialogs,
}: HandlerContext): HandlerSlice<Channels> {
  /** What is being made, in the progress line: the key, and the CSR or the certificate. */
  const making = (onboardingId: string, algorithm: keyof typeof KEY_ALGORITHMS): string => {
    const profile = desk.catalog.get(desk.onboardings.get(onboardingId).program);
    const second = profile.clientCertificate.mode === 'csr' ? 'CSR' : 'certificate';
    return `generating the ${KEY_ALGORITHMS[algorithm].label} key and the ${second}`;
  };
  return {
    ...identityImportHandlers(dialogs, desk, detail),
    'identity.generate': (request) =>
      operations.run(request.operationId, async ({ progress, commit }) => {
        progress(making(request.onboardingId, request.algorithm));
        await desk.identity.generate({
          onboardingId: request.onboardingId,
          algorithm: request.algorithm,
          subject: request.subject,
          commonName: request.commonName,
          commonNameTemplate: request.commonNameTemplate,
          days: request.days,
          beforeStore: commit,
          token: request.token && {
            ...request.token,
            module: pageModule(desk, request.token.module),
          },
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
    'identity.importSigned': async (request) => {
      await desk.assets.import({
        onboardingId: request.onboardingId,
        as: 'signed-certificate',
        data: request.text,
        source: 'pasted text',
        // The token's PIN when the key is on a token: the certificate is stored beside it.
        tokenPin: () => request.pin,
      });
      return detail(request.onboardingId);
    },
    'identity.save': async (request) => {
      const view = detail(request.onboardingId);
      if (!view.identity?.pem)
        throw new UserError(
          'not-found',
          'there is no client certificate or CSR yet: make it in the step “Client identity” first',
          {},
          { id: 'identity.nothing-to-save' },
        );
      const asset =
        view.identity.kind === 'csr' ? 'CUSTOMER_CSR' : 'CUSTOMER_TLS_CLIENT_CERTIFICATE';
      const out = await dialogs.saveFile(
        `${view.program}-${view.identifier}-${view.environment}-${asset}.pem`,
      );
      if (out === null) return { path: null };
      // Public material only; the native save dialog already asked before replacing a file.
      writeFileAtomic(out, view.identity.pem, { mode: 0o644, overwrite: true });
      return { path: out };
    },
  };
}
