// What a person reads on a screen: its visible text without the "raw data" disclosure holds no
// command-line flag and no JSON block (those belong to the CLI and to raw data).
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { ASSET_NAMES } from '../../shared/programs/names.js';

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

/**
 * Buttons and headings are named in plain words: a portal constant (TSH_INBOUND_HOST…) may stand
 * beside the words as a small tag (.tag) or in a title, never as the name itself.
 */
export async function assertNoPortalConstantNames(page: Page): Promise<void> {
  const named = await page.evaluate(
    (constants) => {
      const found: string[] = [];
      for (const element of document.querySelectorAll<HTMLElement>(
        'button, [role=button], h1, h2, h3, h4, h5, h6, [role=heading]',
      )) {
        const clone = element.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('.tag').forEach((e) => e.remove());
        const text = clone.textContent ?? '';
        const label = element.getAttribute('aria-label') ?? '';
        for (const constant of constants)
          if (text.includes(constant) || label.includes(constant))
            found.push(`${element.tagName.toLowerCase()} "${(label || text).trim()}"`);
      }
      return found;
    },
    ASSET_NAMES as readonly string[],
  );
  assert.deepEqual(named, [], 'a button or heading named by a portal constant');
}
