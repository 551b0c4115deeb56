// The desktop app's side of the services' key-value interface: electron-store (built on conf, the
// same file format and name the CLI uses), so the app and `mtls-desk` read the same metadata.
import { chmodSync, mkdirSync } from 'node:fs';
import ElectronStore from 'electron-store';
import { fsyncDirectory } from '../services/files.js';
import { METADATA_FILE_NAME, type KeyValueStore } from '../services/store.js';

export function openElectronStore(dir: string): KeyValueStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const store = new ElectronStore<Record<string, unknown>>({
    cwd: dir,
    name: METADATA_FILE_NAME,
    configFileMode: 0o600,
    accessPropertiesByDotNotation: false,
    clearInvalidConfig: false,
  });
  return {
    path: store.path,
    get: <T>(key: string) => store.get(key) as T | undefined,
    set: (key, value) => {
      store.set(key, value);
      fsyncDirectory(dir);
    },
  };
}
