// The preload: one CommonJS bundle that requires only `electron`. It exposes exactly the IPC
// contract (one function per channel) and the progress subscription, with Electron's event
// object stripped so the page never holds an IPC handle.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, CHANNELS, PROGRESS_EVENT } from '../../shared/ipc-channels.js';
import type { DeskApi, ProgressEvent } from '../../shared/ipc-contract.js';

const api: Record<string, unknown> = {};
for (const channel of CHANNELS) {
  api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
api.onProgress = (listener: (event: ProgressEvent) => void) => {
  const forward = (_event: IpcRendererEvent, payload: ProgressEvent) => listener(payload);
  ipcRenderer.on(PROGRESS_EVENT, forward);
  return () => {
    ipcRenderer.removeListener(PROGRESS_EVENT, forward);
  };
};

contextBridge.exposeInMainWorld(API_GLOBAL, api as DeskApi);
