// Launches the real app with Playwright's Electron driver wherever an Electron binary is installed
// (a developer's machine, `npm run setup` with the download allowed). Where there is none (CI with
// ELECTRON_SKIP_BINARY_DOWNLOAD) it says so in one line and skips.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright';
import { API_GLOBAL, CHANNELS, PUSH_SUBSCRIPTIONS } from '../../shared/ipc-channels.js';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The installed Electron binary, found the way the electron package finds it but without
 * requiring that package: requiring it starts a download when the binary is missing.
 */
function electronBinary(): string | null {
  const packageDir = join(root, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

it(
  'launches the Electron app: sandboxed page, the contract bridge, the vault screen',
  { timeout: 120_000 },
  async (t) => {
    const binary = electronBinary();
    if (binary === null) {
      console.log('skipped: no Electron binary');
      t.skip('no Electron binary');
      return;
    }
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(built.status, 0, built.stderr);
    const app = await _electron.launch({
      executablePath: binary,
      args: ['.'],
      cwd: root,
      env: { ...process.env, MTLS_DESK_DATA_DIR: tempDir() },
      timeout: 60_000,
    });
    try {
      const page = await app.firstWindow();
      assert.equal(page.url(), 'app://mtls-desk/index.html');
      await page.getByRole('heading', { name: 'Create the vault' }).waitFor({ timeout: 30_000 });
      const world = await page.evaluate(
        (name) => ({
          require: typeof (window as any).require,
          process: typeof (window as any).process,
          api: Object.keys((window as any)[name]).sort(),
        }),
        API_GLOBAL,
      );
      assert.deepEqual(world, {
        require: 'undefined',
        process: 'undefined',
        api: [...CHANNELS, ...Object.keys(PUSH_SUBSCRIPTIONS)].sort(),
      });
    } finally {
      await app.close();
    }
  },
);
