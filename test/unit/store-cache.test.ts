// The settings cache reads through only when the file changed, including a change by another process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { cachedByFile, openConfStore } from '../../electron/services/store.js';
import { tempDir } from '../helpers/tmp.js';

describe('cachedByFile', () => {
  it('serves repeated reads from memory, sees writes from this and another process, hands out copies', () => {
    const dir = tempDir();
    const backing = openConfStore(dir);
    let reads = 0;
    const counted = { ...backing, get: <T>(key: string) => (reads++, backing.get<T>(key)) };
    const cached = cachedByFile(counted);
    backing.set('settings', { autoLockMinutes: 15 });
    assert.deepEqual(cached.get('settings'), { autoLockMinutes: 15 });
    assert.deepEqual(cached.get('settings'), { autoLockMinutes: 15 });
    assert.equal(reads, 1);
    cached.get<{ autoLockMinutes: number }>('settings')!.autoLockMinutes = 99;
    assert.deepEqual(
      cached.get('settings'),
      { autoLockMinutes: 15 },
      'a caller changing its copy changes nothing',
    );
    cached.set('settings', { autoLockMinutes: 5 });
    assert.deepEqual(cached.get('settings'), { autoLockMinutes: 5 });
    const other = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${new URL('../../electron/services/store.ts', import.meta.url).href}').then((m) => m.openConfStore(${JSON.stringify(dir)}).set('settings', { autoLockMinutes: 42 }))`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(other.status, 0, other.stderr);
    assert.deepEqual(cached.get('settings'), { autoLockMinutes: 42 });
  });
});
