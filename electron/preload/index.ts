// The preload: one CommonJS bundle that requires only `electron`. It exposes exactly the IPC
// contract (one function per channel) and the two push subscriptions (progress, vault locked),
// with Electron's event object stripped so the page never holds an IPC handle.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_GLOBAL, CHANNELS, PUSH_SUBSCRIPTIONS } from '../../shared/ipc-channels.js';
import type { DeskApi } from '../../shared/ipc-contract.js';

function subscription(channel: string) {
  return (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  };
}

const api: Record<string, unknown> = {};
for (const channel of CHANNELS) {
  api[channel] = (request: unknown) => ipcRenderer.invoke(channel, request);
}
for (const [method, channel] of Object.entries(PUSH_SUBSCRIPTIONS)) {
  api[method] = subscription(channel);
}

contextBridge.exposeInMainWorld(API_GLOBAL, api as DeskApi);
