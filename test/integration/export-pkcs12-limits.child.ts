// Reads one PKCS#12 file with the desk's reader, in its own process so a reader that hangs can be
// killed by the test; prints {ok} or {code, message} as JSON.
import { readFileSync } from 'node:fs';
import { readPkcs12 } from '../../electron/services/export/pkcs12.js';
import { UserError } from '../../electron/services/errors.js';

const [file, password] = process.argv.slice(2);
try {
  const contents = await readPkcs12(readFileSync(file), password, file);
  console.log(JSON.stringify({ ok: true, keys: contents.privateKeys.length }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, code: error instanceof UserError ? error.code : null, message: (error as Error).message }));
}
