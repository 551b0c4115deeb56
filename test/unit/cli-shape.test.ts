// The CLI's shape scripts rely on: every command answers --help, the top-level help lists them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../electron/cli/registry.js';
import { cli } from '../helpers/cli.js';

describe('CLI shape', () => {
  it('every command has --help with its usage, exit 0', async () => {
    for (const name of Object.keys(COMMANDS)) {
      const result = await cli([name, '--help']);
      assert.equal(result.code, 0, `${name} --help: ${result.stderr}`);
      assert.ok(result.stdout.startsWith(`mtls-desk ${name}`), `${name} --help starts with its usage`);
    }
  });

  it('mtls-desk --help lists every command and the exit codes; no command is exit 2', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    for (const name of Object.keys(COMMANDS)) assert.match(help.stdout, new RegExp(`\\n  ${name} `));
    assert.match(help.stdout, /exit codes: 0 success/);
    assert.equal((await cli([])).code, 2);
  });
});
