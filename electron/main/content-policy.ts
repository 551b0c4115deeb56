// Where the app's pages come from and what they may load. No Electron import: the browser shell
// (electron/shell) serves the renderer under the same policy, from the same files.
import { normalize, join, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://mtls-desk`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Scripts and styles only from the app itself; no inline script, no frames, no plugins, and no
 * network but the page's own origin (in the browser shell, its one server; in Electron, app://,
 * which serves nothing but the renderer's files).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** The file under rendererDir a URL path names (already percent-decoded), or null for anything outside it. */
export function rendererFileForPath(pathname: string, rendererDir: string): string | null {
  // Encoded dot segments or backslashes have no business in the app's own URLs.
  if (pathname.split('/').includes('..') || pathname.includes('\\') || pathname.includes('\0'))
    return null;
  const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^\/+/, '');
  const file = join(rendererDir, relative);
  return file.startsWith(rendererDir + sep) ? file : null;
}
