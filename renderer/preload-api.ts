// The only reader of window.mtlsDesk: the preload's bridge in the Electron window, absent in a
// browser (the browser shell), where api.ts and the start script use HTTP instead.
import { API_GLOBAL } from '../shared/ipc-channels.js';
import type { DeskApi } from '../shared/ipc-contract.js';

export function preloadApi(): DeskApi | undefined {
  return (window as unknown as Record<string, DeskApi | undefined>)[API_GLOBAL];
}
