// What every feature's handlers share: the injected dependencies (the desk, dialogs, clock,
// progress), the cancellable operations, and the onboarding detail screens get after a change.
import type { ProbeProgress } from '../../../shared/diagnoses.js';
import type { Channel, OnboardingDetail, ProgressEvent } from '../../../shared/ipc-contract.js';
import { probePhase as phaseIn, PROBE_WORDS_EN } from '../../../shared/i18n/probe-words.js';
import type { Desk } from '../../services/desk.js';
import type { DnsDependencies } from '../../services/probe/dns.js';
import type { DataFolder } from '../data-folder.js';
import type { Handlers } from '../dispatch.js';
import { onboardingDetail } from '../onboarding-views.js';
import { Operations } from '../operations.js';

export type FilePurpose = 'certificate' | 'key' | 'ca' | 'pkcs12';

/** Native dialogs in the app; a test supplies answers of its own. */
export interface Dialogs {
  openFile(purpose: FilePurpose): Promise<string | null>;
  saveFile(suggestedName: string): Promise<string | null>;
  openFolder(): Promise<string | null>;
  /** The desktop's clipboard (Electron's); absent where main cannot reach it (the browser shell). */
  copyText?(text: string): Promise<void>;
  /** Reveals a file in the system's file manager (Electron's shell.showItemInFolder); absent in the browser shell. */
  showInFolder?(path: string): Promise<void>;
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

export interface HandlerContext extends MainDeps {
  operations: Operations;
  /** The onboarding as the screens show it, read now. */
  detail(onboardingId: string): OnboardingDetail;
}

/** The handlers of some channels: what each feature module returns. */
export type HandlerSlice<C extends Channel> = Pick<Handlers, C>;

export function handlerContext(deps: MainDeps): HandlerContext {
  return {
    ...deps,
    operations: new Operations(deps.emitProgress),
    detail: (id) => {
      const view = deps.desk.onboardings.get(id);
      return onboardingDetail(view, deps.desk.catalog.get(view.program), deps.clock());
    },
  };
}

/**
 * The progress line of a connection test, in the step names the result shows (the page adds the
 * ellipsis): English here; the event also carries the step and status, which the app says in its
 * language (shared/i18n/probe-words.ts, one source for both).
 */
export function probePhase(progress: ProbeProgress): string {
  return phaseIn(PROBE_WORDS_EN, progress);
}
