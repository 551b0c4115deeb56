// A stand-in for the `electron` module under plain Node: it records what the app asks of
// Electron (window options, IPC registrations, protocol handlers, guards, bridge exposure) so
// the contract test can check them without an Electron binary.
type Listener = (...args: any[]) => any;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

export class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  setPermissionRequestHandler(handler: Listener) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener) {
    this.permissionCheckHandler = handler;
  }
}

export class FakeWebContents extends Emitter {
  windowOpenHandler: Listener | null = null;
  readonly session = new FakeSession();
  readonly sent: Array<[string, unknown]> = [];
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return false;
  }
  closeDevTools() {}
}

export const recorded = {
  windows: [] as BrowserWindow[],
  ipcHandlers: new Map<string, Listener>(),
  /** ipcMain.on listeners (fire-and-forget channels; the app's own contract uses handle only). */
  ipcListeners: new Map<string, Listener>(),
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, Listener>(),
  sandboxEnabled: false,
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<[string, unknown]>,
  /** The templates given to Menu.setApplicationMenu, in order. */
  applicationMenus: [] as unknown[],
  /** What main wrote to the clipboard and revealed in the file manager. */
  copied: [] as string[],
  shown: [] as string[],
  /** What the save dialog answers next, in order (then it is cancelled), and what it was asked. */
  saveAnswers: [] as string[],
  saveAsked: [] as Array<{ defaultPath?: string; filters?: unknown }>,
  /** Every value main gave nativeTheme.themeSource, in order. */
  themeSources: [] as string[],
};

/** Electron's nativeTheme: what main sets themeSource to is recorded. */
export const nativeTheme = {
  current: 'system',
  get themeSource(): string {
    return this.current;
  },
  set themeSource(value: string) {
    this.current = value;
    recorded.themeSources.push(value);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu(menu: { template: unknown } | null) {
    recorded.applicationMenus.push(menu?.template ?? null);
  },
};

export class BrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: Record<string, any>) {
    super();
    recorded.windows.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {}
}

export const app = Object.assign(new Emitter(), {
  enableSandbox() {
    recorded.sandboxEnabled = true;
  },
  whenReady: () => Promise.resolve(),
  getPath: (name: string) => `/nonexistent/${name}`,
  getVersion: () => '0.0.0',
  quit() {},
  /** Set by a test to act as the installed app. */
  isPackaged: false,
});

export const ipcMain = {
  handle(channel: string, handler: Listener) {
    recorded.ipcHandlers.set(channel, handler);
  },
  on(channel: string, listener: Listener) {
    recorded.ipcListeners.set(channel, listener);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    recorded.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: Listener) {
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const session = { defaultSession: new FakeSession() };

export const dialog = {
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async (...args: unknown[]) => {
    const options = args[args.length - 1] as { defaultPath?: string; filters?: unknown };
    recorded.saveAsked.push({ defaultPath: options.defaultPath, filters: options.filters });
    const answer = recorded.saveAnswers.shift();
    return answer === undefined
      ? { canceled: true, filePath: undefined }
      : { canceled: false, filePath: answer };
  },
};

export const contextBridge = {
  exposeInMainWorld(name: string, api: unknown) {
    recorded.exposed.set(name, api);
  },
};

export const ipcRenderer = Object.assign(new Emitter(), {
  invoke: async (channel: string, request: unknown) => {
    recorded.invoked.push([channel, request]);
    return { ok: true, value: null };
  },
});

export const shell = {
  showItemInFolder: (path: string) => recorded.shown.push(path),
};

export const clipboard = {
  writeText: (text: string) => recorded.copied.push(text),
};

/** electron-store imports the default export. */
export default {
  app,
  BrowserWindow,
  clipboard,
  contextBridge,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  protocol,
  session,
  shell,
};
