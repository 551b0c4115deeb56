// Reads one file with the desk's readers, in its own process so a reader that hangs can be killed
// by the test: "p12" with the PKCS#12 reader, "decode" with decodeArtifacts (PEM/DER, keys).
// Prints {ok, keys, derivations} or {ok: false, code, message, derivations} as JSON, where
// `derivations` counts the PBKDF2 runs and PKCS#12-KDF hash calls the reader started (Node's own
// crypto functions are wrapped before the readers load).
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { readFileSync } from 'node:fs';

const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
let derivations = 0;
const { pbkdf2, pbkdf2Sync, createHash } = crypto;
crypto.pbkdf2 = ((...args: Parameters<typeof pbkdf2>) => {
  derivations += 1;
  return pbkdf2(...args);
}) as typeof pbkdf2;
crypto.pbkdf2Sync = ((...args: Parameters<typeof pbkdf2Sync>) => {
  derivations += 1;
  return pbkdf2Sync(...args);
}) as typeof pbkdf2Sync;
crypto.createHash = ((...args: Parameters<typeof createHash>) => {
  derivations += 1;
  return createHash(...args);
}) as typeof createHash;
syncBuiltinESMExports();

const { decodeArtifacts } = await import('../../electron/services/decode.js');
const { readPkcs12 } = await import('../../electron/services/export/pkcs12.js');
const { UserError } = await import('../../electron/services/errors.js');

const [reader, file, password] = process.argv.slice(2);
try {
  const keys =
    reader === 'p12'
      ? (await readPkcs12(readFileSync(file), password, file)).privateKeys.length
      : (await decodeArtifacts(readFileSync(file), file, () => password)).filter(
          (a) => a.kind === 'private-key',
        ).length;
  console.log(JSON.stringify({ ok: true, keys, derivations }));
} catch (error) {
  console.log(
    JSON.stringify({
      ok: false,
      code: error instanceof UserError ? error.code : null,
      message: (error as Error).message,
      derivations,
    }),
  );
}
