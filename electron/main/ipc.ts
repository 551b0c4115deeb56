// Registers every channel of the contract with Electron in one loop. A request is served only
// when it comes from the app's own top-level page; everything else is refused before any schema
// or service sees it.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  CHANNELS,
  PROGRESS_EVENT,
  VAULT_LOCKED_EVENT,
  type IpcResult,
  type ProgressEvent,
  type VaultLockedEvent,
} from '../../shared/ipc-contract.js';
import { dispatch, type Handlers } from './dispatch.js';
import { APP_ORIGIN } from './window.js';

function isAppFrame(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  return (
    frame !== null &&
    frame !== undefined &&
    frame.parent === null &&
    frame.url.startsWith(`${APP_ORIGIN}/`)
  );
}

const FOREIGN_FRAME: IpcResult<never> = {
  ok: false,
  error: {
    code: 'forbidden',
    message: 'this request did not come from the mTLS Desk window and was refused',
  },
};

export function registerIpc(handlers: Handlers): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) =>
      isAppFrame(event) ? dispatch(handlers, channel, request) : FOREIGN_FRAME,
    );
  }
}

function sender<E>(channel: string, target: () => WebContents | null): (event: E) => void {
  return (event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(channel, event);
  };
}

/** Progress for the window that asked; the event object never reaches the page (see preload). */
export function progressSender(target: () => WebContents | null): (event: ProgressEvent) => void {
  return sender(PROGRESS_EVENT, target);
}

/** Tells the window the vault locked itself, so it shows the unlock screen at once. */
export function vaultLockedSender(
  target: () => WebContents | null,
): (event: VaultLockedEvent) => void {
  return sender(VAULT_LOCKED_EVENT, target);
}
