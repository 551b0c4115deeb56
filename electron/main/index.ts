// The composition root of the desktop app: build the services (compose.ts, shared with the
// browser shell), register the IPC contract, serve the renderer from app://, and open the one
// window. Everything else lives in modules that run without Electron.
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, nativeTheme, session, shell } from 'electron';
import { appRoot as findAppRoot, appVersion, composeMain } from './compose.js';
import { resolveDataFolder } from './data-folder.js';
import { withSuggestedExtension } from './file-names.js';
import type { Dialogs, FilePurpose } from './handlers.js';
import { followThemeChoice } from './native-theme.js';
import { progressSender, registerIpc, vaultLockedSender } from './ipc.js';
import { openElectronStore } from './settings-store.js';
import {
  createMainWindow,
  denyAllPermissions,
  guardWebContents,
  registerAppScheme,
  serveRenderer,
} from './window.js';

const FILE_FILTERS: Record<FilePurpose, Electron.FileFilter[]> = {
  certificate: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer', 'der', 'p7b'] }],
  key: [{ name: 'Private keys', extensions: ['pem', 'key', 'p8'] }],
  ca: [{ name: 'CA certificates', extensions: ['pem', 'crt', 'cer', 'p7b'] }],
  pkcs12: [{ name: 'PKCS#12 files', extensions: ['p12', 'pfx'] }],
};

function electronDialogs(window: () => BrowserWindow | null): Dialogs {
  return {
    async openFile(purpose) {
      const owner = window();
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile'],
        filters: FILE_FILTERS[purpose],
      };
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    async saveFile(suggestedName) {
      const owner = window();
      // The filter takes one extension: `p12` for `.legacy.p12`.
      const ext = extname(suggestedName).slice(1);
      let defaultPath = join(app.getPath('documents'), suggestedName);
      // A name typed without the extension gets it (a bundle must stay a .zip); when that name
      // exists, the dialog asks again on it, so replacing a file is always confirmed there.
      for (let attempt = 0; attempt < 3; attempt++) {
        const options: Electron.SaveDialogOptions = {
          defaultPath,
          filters: ext === '' ? [] : [{ name: ext.toUpperCase(), extensions: [ext] }],
        };
        const result = owner
          ? await dialog.showSaveDialog(owner, options)
          : await dialog.showSaveDialog(options);
        if (result.canceled || !result.filePath) return null;
        const path = withSuggestedExtension(result.filePath, suggestedName);
        if (path === result.filePath || !existsSync(path)) return path;
        defaultPath = path;
      }
      return null;
    },
    async openFolder() {
      const owner = window();
      const options: Electron.OpenDialogOptions = {
        properties: ['openDirectory', 'createDirectory'],
        title: 'Data folder for mTLS Desk',
      };
      const result = owner
        ? await dialog.showOpenDialog(owner, options)
        : await dialog.showOpenDialog(options);
      return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
    },
    async copyText(text) {
      clipboard.writeText(text);
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
  };
}

const appRoot = findAppRoot();

registerAppScheme();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
app.on('window-all-closed', () => app.quit());

await app.whenReady();
denyAllPermissions(session.defaultSession);
serveRenderer(join(appRoot, 'dist', 'renderer'));

let mainWindow: BrowserWindow | null = null;
const { desk, handlers } = composeMain({
  dataFolder: resolveDataFolder(process.env, app.getPath('userData')),
  store: openElectronStore,
  version: appVersion(appRoot),
  dialogs: electronDialogs(() => mainWindow),
  emitProgress: progressSender(() => mainWindow?.webContents ?? null),
  emitVaultLocked: vaultLockedSender(() => mainWindow?.webContents ?? null),
});
// Native dialogs and menus follow the theme chosen in Settings, from the start.
registerIpc(followThemeChoice(nativeTheme, desk.settings.get().theme, handlers));
mainWindow = createMainWindow(join(appRoot, 'dist', 'preload', 'index.cjs'));
mainWindow.on('closed', () => {
  mainWindow = null;
});
