// Every command is declared once (define.ts): a summary, examples, and a --help generated from the
// declaration that prints its usage and exits 0, for every command and every subcommand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../electron/cli/registry.js';
import type { DeclaredCommand } from '../../electron/cli/define.js';
import { cli } from '../helpers/cli.js';

async function declared(): Promise<[string, DeclaredCommand][]> {
  const all: [string, DeclaredCommand][] = [];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    all.push([name, command]);
    for (const [sub, subcommand] of Object.entries(command.subcommands ?? {}))
      all.push([`${name} ${sub}`, subcommand]);
  }
  return all;
}

describe('CLI declarations', () => {
  it('every command and subcommand has a summary and at least one example naming it', async () => {
    for (const [name, command] of await declared()) {
      assert.equal(command.name, name);
      assert.ok(command.summary.length > 10, `${name} has a summary`);
      assert.ok(command.examples.length > 0, `${name} has an example`);
      for (const example of command.examples)
        assert.match(example, new RegExp(`mtls-desk ${name.split(' ')[0]}\\b`), example);
    }
  });

  it('--help of every command and subcommand prints its usage, options and examples; exit 0', async () => {
    for (const [name, command] of await declared()) {
      const result = await cli([...name.split(' '), '--help']);
      assert.equal(result.code, 0, `${name} --help: ${result.stderr}`);
      assert.ok(result.stdout.startsWith(`mtls-desk ${name}`), `${name} --help: ${result.stdout}`);
      assert.ok(result.stdout.includes(command.summary), `${name} --help gives its summary`);
      assert.ok(result.stdout.includes(command.examples[0]), `${name} --help gives an example`);
      if (!command.subcommands) assert.match(result.stdout, /\n {2}-h, --help /);
      assert.equal(result.stderr, '');
    }
  });

  it('a usage error is one sentence naming the usage line, exit 2; integers are range-checked', async () => {
    const unknown = await cli(['vault', 'status', '--bogus']);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^mtls-desk vault: Unknown option '--bogus'\. Usage: mtls-desk vault status /,
    );
    const missing = await cli(['bundle', '--out', 'x.zip']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--onboarding is required\. Usage: mtls-desk bundle /);
    const sub = await cli(['audit', 'erase']);
    assert.equal(sub.code, 2);
    assert.match(
      sub.stderr,
      /unknown subcommand "erase"\. Usage: mtls-desk audit <show\|verify\|checkpoint>/,
    );
    const ttl = await cli([
      'oauth',
      'assertion',
      '--onboarding',
      'x',
      '--aud',
      'https://a.test/t',
      '--ttl',
      '0',
    ]);
    assert.equal(ttl.code, 2);
    assert.match(ttl.stderr, /--ttl "0" is not a whole number of seconds from 1 to 900/);
    const json = await cli(['probe', '--timeout', 'soon', '--json']);
    assert.equal(json.code, 2);
    assert.equal(JSON.parse(json.stdout).ok, false);
    assert.match(
      JSON.parse(json.stdout).error.message,
      /--timeout "soon" is not a whole number of milliseconds/,
    );
  });
});
