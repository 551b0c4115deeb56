// What a person reads on a screen: its visible text without the "raw data" disclosure holds no
// command-line flag and no JSON block (those belong to the CLI and to raw data).
import assert from 'node:assert/strict';
import type { Page } from 'playwright';

/** The page's visible text without the raw-data disclosure: no CLI flag, no JSON block. */
export async function assertPlainPageText(page: Page): Promise<void> {
  const text = await page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('[data-raw-data]').forEach((e) => e.remove());
    return clone.innerText;
  });
  assert.doesNotMatch(text, /\{"/, 'a JSON block outside "raw data"');
  assert.doesNotMatch(text, /(^|\s)--[a-z][a-z-]+/m, 'a CLI flag in the page text');
}
