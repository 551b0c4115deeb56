// The composition root of the desktop app: build the services, register the IPC contract, serve
// the renderer from app://, and open the one window. Everything else lives in modules that run
// without Electron.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { openDesk } from '../services/desk.js';
import { resolveDataFolder } from './data-folder.js';
import { createHandlers, type Dialogs, type FilePurpose } from './handlers.js';
import { progressSender, registerIpc, vaultLockedSender } from './ipc.js';
import { vaultStatusView } from './onboarding-views.js';
import { watchVaultLock } from './vault-watch.js';
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
      const options: Electron.SaveDialogOptions = {
        defaultPath: join(app.getPath('documents'), suggestedName),
      };
      const result = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
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
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const appRoot = join(here, '..', '..');

registerAppScheme();
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
app.on('window-all-closed', () => app.quit());

await app.whenReady();
denyAllPermissions(session.defaultSession);
serveRenderer(join(appRoot, 'dist', 'renderer'));

let mainWindow: BrowserWindow | null = null;
const version = (
  JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }
).version;
const dataFolder = resolveDataFolder(process.env, app.getPath('userData'));
const desk = openDesk({
  dataDir: dataFolder.current,
  store: openElectronStore(dataFolder.current),
});
watchVaultLock(
  { unlocked: desk.vault.unlocked, status: () => vaultStatusView(desk) },
  vaultLockedSender(() => mainWindow?.webContents ?? null),
);
registerIpc(
  createHandlers({
    desk,
    dataFolder,
    version,
    clock: () => new Date(),
    dialogs: electronDialogs(() => mainWindow),
    emitProgress: progressSender(() => mainWindow?.webContents ?? null),
  }),
);
mainWindow = createMainWindow(join(appRoot, 'dist', 'preload', 'index.cjs'));
mainWindow.on('closed', () => {
  mainWindow = null;
});
