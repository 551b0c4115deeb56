// The CLI's shape scripts rely on: every command answers --help, the top-level help lists them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../electron/cli/registry.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dataDir = tempDir();

describe('CLI shape', () => {
  it('every command has --help with its usage, exit 0', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const result = await cli([name, '--help']);
      assert.equal(result.code, 0, `${name} --help: ${result.stderr}`);
      assert.ok(
        result.stdout.startsWith(`mtls-desk ${name}`),
        `${name} --help starts with its usage`,
      );
    }
  });

  it('every command answers --json with JSON, even when its arguments are missing', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const result = await cli([name, '--json'], { MTLS_DESK_DATA_DIR: dataDir });
      assert.doesNotThrow(
        () => JSON.parse(result.stdout),
        `${name} --json printed: ${result.stdout}`,
      );
      if (result.code !== 0) assert.equal(JSON.parse(result.stdout).ok, false, name);
    }
  });

  it('the installed `mtls-desk` command runs', () => {
    const result = spawnSync(process.execPath, ['bin/mtls-desk.js', 'programs', '--json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).programs.length, 5);
  });

  it('mtls-desk --help lists every command and the exit codes; no command is exit 2', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const name of Object.keys(COMMANDS))
      assert.match(help.stdout, new RegExp(`\\n  ${name} `));
    assert.match(help.stdout, /exit codes: 0 success/);
    assert.equal((await cli([])).code, 2);
  });
});
