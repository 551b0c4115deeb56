// Where the app's pages come from and what they may load. No Electron import: the end-to-end
// tests serve the renderer under the same policy.

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://mtls-desk`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** Scripts and styles only from the app itself; no inline script, no network, no frames, no plugins. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
