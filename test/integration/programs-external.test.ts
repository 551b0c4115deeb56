// Program rules from outside the package (MTLS_DESK_PROGRAMS_DIR) are never silent: the CLI says
// so on stderr and in every --json object, the audit trail names the folder, and the app's
// programs.list carries the notice its banner shows.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDesk } from '../../electron/services/desk.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { openConfStore } from '../../electron/services/store.js';
import { cliProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const builtIn = fileURLToPath(new URL('../../shared/programs/', import.meta.url));
const outside = join(tempDir('mtls-desk-rules-'), 'rules');
mkdirSync(outside);
for (const id of ['tsh-classic', 'tmg-merchant', 'd1-ecom', 'd1-issuer'])
  cpSync(join(builtIn, `${id}.json`), join(outside, `${id}.json`));
const notice = `program rules are read from ${outside} (MTLS_DESK_PROGRAMS_DIR), outside the package: they replace the built-in Thales rules`;

describe('program rules from outside the package', () => {
  it('the CLI says so on stderr, in text and in --json, where the JSON also names the folder', () => {
    const text = cliProcess(['programs'], { MTLS_DESK_PROGRAMS_DIR: outside });
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stderr, `mtls-desk: note: ${notice}\n`);
    const json = cliProcess(['programs', '--json'], { MTLS_DESK_PROGRAMS_DIR: outside });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stderr, `mtls-desk: note: ${notice}\n`);
    assert.deepEqual(JSON.parse(json.stdout).programRules, { external: true, dir: outside });
  });

  it('the package rules say nothing of the kind', () => {
    const json = cliProcess(['programs', '--json'], { MTLS_DESK_PROGRAMS_DIR: '' });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(json.stderr, '');
    assert.equal(JSON.parse(json.stdout).programRules, undefined);
    assert.equal(
      ProgramCatalog.load(builtIn).external,
      null,
      'the package folder named explicitly',
    );
  });

  it('the audit trail records the folder before the first thing done under those rules', () => {
    const dataDir = tempDir('mtls-desk-rules-data-');
    const env = { MTLS_DESK_DATA_DIR: dataDir, MTLS_DESK_PROGRAMS_DIR: outside };
    const created = cliProcess(
      ['onboarding', 'create', '--program', 'tsh-classic', '--id', 'RULES01', '--env', 'preprod'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const shown = cliProcess(['audit', 'show', '--json'], env);
    const actions = (
      JSON.parse(shown.stdout).entries as Array<{
        action: string;
        details: Record<string, unknown>;
      }>
    ).map((e) => [e.action, e.details.dir ?? e.details.onboarding]);
    assert.deepEqual(actions, [
      ['programs.external', outside],
      ['onboarding.created', 'tsh-classic/RULES01/preprod'],
    ]);
  });

  it('a cut trail is recorded and the unlock goes on, with its entry, under rules from outside', async () => {
    const dataDir = tempDir('mtls-desk-rules-cut-');
    const open = () =>
      openDesk({ dataDir, store: openConfStore(dataDir), catalog: ProgramCatalog.load(outside) });
    const first = open();
    await first.vault.init('rules cut passphrase');
    first.onboardings.create({
      program: 'tsh-classic',
      identifier: 'CUT01',
      environment: 'preprod',
    });
    first.onboardings.create({
      program: 'tsh-classic',
      identifier: 'CUT02',
      environment: 'preprod',
    });
    first.close();
    const log = join(dataDir, 'audit.log');
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    writeFileSync(log, lines.slice(0, -1).join('\n') + '\n');

    const desk = open();
    try {
      assert.equal((await desk.vault.unlock('rules cut passphrase')).unlocked, true);
      const actions = desk.audit.entries().map((e) => e.action);
      assert.deepEqual(actions.slice(-3), [
        'audit.trail-cut',
        'programs.external',
        'vault.unlocked',
      ]);
    } finally {
      desk.close();
    }
  });

  it('the app gets the same notice for its banner', () => {
    assert.deepEqual(ProgramCatalog.load(outside).external, { dir: outside, notice });
  });
});
