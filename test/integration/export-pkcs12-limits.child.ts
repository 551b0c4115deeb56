// Reads one file with the desk's readers, in its own process so a reader that hangs can be killed
// by the test: "p12" with the PKCS#12 reader, "decode" with decodeArtifacts (PEM/DER, keys).
// Prints {ok, keys} or {ok: false, code, message} as JSON.
import { readFileSync } from 'node:fs';
import { decodeArtifacts } from '../../electron/services/decode.js';
import { readPkcs12 } from '../../electron/services/export/pkcs12.js';
import { UserError } from '../../electron/services/errors.js';

const [reader, file, password] = process.argv.slice(2);
try {
  const keys =
    reader === 'p12'
      ? (await readPkcs12(readFileSync(file), password, file)).privateKeys.length
      : (await decodeArtifacts(readFileSync(file), file, () => password)).filter(
          (a) => a.kind === 'private-key',
        ).length;
  console.log(JSON.stringify({ ok: true, keys }));
} catch (error) {
  console.log(
    JSON.stringify({
      ok: false,
      code: error instanceof UserError ? error.code : null,
      message: (error as Error).message,
    }),
  );
}
