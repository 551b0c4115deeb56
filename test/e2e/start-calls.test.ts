// The start calls: the page's small classic script (renderer/start.ts) asks main for the
// programs, the settings, the vault's status and the home list's first rows while the app's
// module downloads (in one request in the browser shell), and the app takes each answer instead
// of asking again. Behind the unlock screen the first rows are dropped, and the home screen asks
// afresh once unlocked. An English window never loads the Japanese catalogue (a chunk of its own).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright';
import type { Desk } from '../../electron/services/desk.js';
import { IPC_BATCH_PATH } from '../../shared/ipc-channels.js';
import { tempDir } from '../helpers/tmp.js';
import { launchChromium, openDeskApp, rendererErrors } from './bridge.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const PASSPHRASE = 'start calls passphrase';
const START = ['programs.list', 'settings.get', 'vault.status', 'onboardings.query'];

async function fill(desk: Desk): Promise<void> {
  await desk.vault.init(PASSPHRASE);
  desk.onboardings.create({ program: 'tsh-classic', identifier: 'START1', environment: 'preprod' });
}

/**
 * What the page requests, in order: "app.js" for the module, the channel for each call (each call
 * of a batch, in its order); `batches` counts the batched requests.
 */
function recordRequests(page: Page): string[] & { batches: number } {
  const seen = Object.assign([] as string[], { batches: 0 });
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path === '/app.js') seen.push('app.js');
    else if (path.startsWith('/chunks/')) seen.push(path.slice(1));
    else if (path.startsWith('/ipc/')) seen.push(path.slice('/ipc/'.length));
    else if (path === IPC_BATCH_PATH) {
      seen.batches++;
      for (const [channel] of JSON.parse(request.postData() ?? '[]') as [string, unknown][])
        seen.push(channel);
    }
  });
  return seen;
}

it('the code is asked first, the start calls next, before any call of the app, each once', async () => {
  const { page } = await openDeskApp(browser, {
    dataDir: tempDir(),
    outDir: tempDir(),
    prepare: fill,
  });
  await page.getByRole('button', { name: 'START1' }).waitFor();
  const seen = recordRequests(page);
  await page.reload();
  await page.getByRole('button', { name: 'START1' }).waitFor();
  const module = seen.indexOf('app.js');
  assert.ok(module >= 0, `the module was requested: ${seen}`);
  const calls = seen.filter((s) => s !== 'app.js' && !s.startsWith('chunks/'));
  // The page names its code before start.js, so the browser asks for it first; start.js then
  // sends the start calls while it downloads, before the app (which runs after) asks anything.
  for (const channel of START)
    assert.ok(seen.indexOf(channel) > module, `${channel} after the module's request: ${seen}`);
  assert.deepEqual(calls.slice(0, START.length).sort(), [...START].sort(), `first: ${seen}`);
  for (const channel of START)
    assert.equal(seen.filter((s) => s === channel).length, 1, `${channel} once: ${seen}`);
  // All four in one request: one fetch costs the page, the browser and main less than four.
  assert.equal(seen.batches, 1, `the start calls in one request: ${seen}`);
  // The Japanese catalogue is a chunk of its own: an English window never loads it.
  assert.ok(!seen.some((s) => s.startsWith('chunks/ja-')), `${seen}`);
  assert.deepEqual(rendererErrors(page), []);
  await page.close();
});

it('locked at start: the first rows are dropped, and asked afresh after unlocking', async () => {
  const { page, desk } = await openDeskApp(browser, {
    dataDir: tempDir(),
    outDir: tempDir(),
    prepare: fill,
  });
  await page.getByRole('button', { name: 'START1' }).waitFor();
  desk.vault.lock();
  const seen = recordRequests(page);
  await page.reload();
  await page.getByRole('heading', { name: 'Unlock the vault' }).waitFor();
  // Made while the unlock screen is up: the home screen must show it, so it asks afresh.
  desk.onboardings.create({ program: 'tsh-classic', identifier: 'START2', environment: 'prod' });
  await page.getByLabel('Master passphrase').fill(PASSPHRASE);
  await page.getByLabel('Master passphrase').press('Enter');
  await page.getByRole('button', { name: 'START2' }).waitFor();
  assert.equal(seen.filter((s) => s === 'onboardings.query').length, 2, `${seen}`);
  assert.deepEqual(rendererErrors(page), []);
  await page.close();
});
