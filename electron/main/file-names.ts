// The extension of a file the app suggests saving, kept when a person types a name without it.
import { extname } from 'node:path';

/** `.zip`, `.pem`…, and the two-part `.legacy.p12` the legacy PKCS#12 preset writes. */
export function fileExtension(name: string): string {
  return name.endsWith('.legacy.p12') ? '.legacy.p12' : extname(name);
}

/** The chosen path, with the suggested name's extension added when the person left it out. */
export function withSuggestedExtension(chosen: string, suggestedName: string): string {
  const ext = fileExtension(suggestedName);
  return ext === '' || chosen.toLowerCase().endsWith(ext.toLowerCase()) ? chosen : chosen + ext;
}
