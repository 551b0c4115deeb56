// The Common Name layout Thales confirmed for a program, as csr and lint read it: from the data
// folder's settings when MTLS_DESK_DATA_DIR is set (both commands also run without a data folder).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_FILE_NAME, openConfStore } from '../../services/store.js';
import type { CliIO } from '../command.js';

/** The CN layout Thales confirmed for a program, saved in MTLS_DESK_DATA_DIR when it is set (csr and lint run without a data folder too). */
export function savedCommonNameLayout(io: CliIO, program: string): string | undefined {
  const dir = io.env.MTLS_DESK_DATA_DIR;
  if (!dir || !existsSync(join(dir, `${METADATA_FILE_NAME}.json`))) return undefined;
  const settings = openConfStore(dir).get<{ confirmedCommonNameLayouts?: Record<string, string> }>(
    'settings',
  );
  return settings?.confirmedCommonNameLayouts?.[program];
}
