// The app window and everything that keeps its web content boxed in: isolation, sandbox, no Node,
// a strict Content-Security-Policy, content only from the app's own scheme, no navigation away,
// no new windows, no webviews, no permissions.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  app,
  BrowserWindow,
  Menu,
  protocol,
  type MenuItemConstructorOptions,
  type Session,
  type WebContents,
} from 'electron';
import {
  APP_ENTRY,
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  CONTENT_TYPES,
  rendererFileForPath,
} from './content-policy.js';

export { APP_ENTRY, APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY } from './content-policy.js';

/** Must run before the app is ready: the scheme behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false },
    },
  ]);
}

/** The file under rendererDir an app:// URL names, or null for anything outside it. */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  if (!url.startsWith(`${APP_ORIGIN}/`)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  return rendererFileForPath(pathname, rendererDir);
}

/** Serves the packaged renderer on app://mtls-desk/, each response with the CSP header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir);
    if (file === null) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

/** Navigation stays on the app's own pages; new windows and webviews are refused. */
export function guardWebContents(contents: WebContents): void {
  const leavesApp = (url: string) => !url.startsWith(`${APP_ORIGIN}/`);
  contents.on('will-navigate', (event, url) => {
    if (leavesApp(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (leavesApp(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The app needs no camera, notifications, clipboard reading or anything else a page can ask for. */
export function denyAllPermissions(target: Session): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
}

/**
 * The packaged app's menu: quit, the edit commands (copy and paste go through them on macOS), the
 * window; no reload, no developer tools, nothing that reaches into the page.
 */
export function productionMenuTemplate(
  platform: NodeJS.Platform = process.platform,
): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const window: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: [{ role: 'minimize' }, { role: 'close' }],
  };
  if (platform === 'darwin')
    return [
      {
        label: 'mTLS Desk',
        submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }],
      },
      edit,
      window,
    ];
  return [{ label: 'File', submenu: [{ role: 'quit' }] }, edit, window];
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  // Developer tools and the default menu (reload, toggle developer tools) only in development.
  const packaged = app.isPackaged;
  if (packaged) Menu.setApplicationMenu(Menu.buildFromTemplate(productionMenuTemplate()));
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'mTLS Desk',
    show: false,
    backgroundColor: '#f6f7f9',
    // Written out here, not built elsewhere, so a static scanner (Electronegativity) sees them.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: !packaged,
    },
  });
  if (packaged) window.webContents.on('devtools-opened', () => window.webContents.closeDevTools());
  denyAllPermissions(window.webContents.session);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}
