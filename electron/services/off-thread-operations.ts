// The operations the reading worker runs (off-thread-worker.ts): each takes plain arguments and,
// last, the passphrase source, and returns what a structured clone carries (Buffers, KeyObjects,
// plain facts).
import { buildPkcs12Here, readPkcs12 } from './export/pkcs12.js';
import { analyseInputHere } from './import.js';
import { loadPemIdentityHere, loadPkcs12IdentityHere } from './probe/client-identity.js';

export const OFF_THREAD_OPERATIONS = {
  analyse: analyseInputHere,
  pemIdentity: loadPemIdentityHere,
  pkcs12Identity: loadPkcs12IdentityHere,
  pkcs12Build: buildPkcs12Here,
  pkcs12Read: readPkcs12,
};
