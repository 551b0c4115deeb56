// The app window and everything that keeps its web content boxed in: isolation, sandbox, no Node,
// a strict Content-Security-Policy, content only from the app's own scheme, no navigation away,
// no new windows, no webviews, no permissions.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { BrowserWindow, protocol, type Session, type WebContents } from 'electron';
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

export function createMainWindow(preloadPath: string): BrowserWindow {
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
    },
  });
  denyAllPermissions(window.webContents.session);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}
