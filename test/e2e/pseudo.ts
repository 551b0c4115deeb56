// The pseudo-locale (en-XA) checks a browser journey runs on a screen: visible text from no
// catalogue, and text that overflows its box. Each journey that converts a screen uses these.
import assert from 'node:assert/strict';
import type { Page } from 'playwright';
import { screenshotSizes } from './screens.js';

/**
 * What in `selector` is visible text from no catalogue: the text with the data elements removed
 * and every ⟦…⟧ (nested too) taken out; what is left may only be spacing, digits and punctuation.
 */
export async function textOutsideCatalogue(
  page: Page,
  selector: string,
  data: readonly string[],
): Promise<string[]> {
  const text = await page.evaluate(
    ([sel, dataSelectors]) => {
      const root = document.querySelector(sel);
      if (!root) return null;
      const clone = root.cloneNode(true) as HTMLElement;
      // Found first, removed after: removing one would shift the next selector's :nth-child.
      const dataElements = dataSelectors.flatMap((d) => [...clone.querySelectorAll(d)]);
      for (const e of dataElements) e.remove();
      // innerText needs the clone laid out: put it in the page, invisible to the eye only.
      clone.style.position = 'absolute';
      clone.style.left = '-99999px';
      document.body.append(clone);
      const visible = clone.innerText;
      clone.remove();
      return visible;
    },
    [selector, data] as const,
  );
  assert.ok(text !== null, `${selector} is on the screen`);
  let rest = text;
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => !/^[\s\d.,:;()[\]\-–—/#·|…?!%+×→←]*$/.test(line));
}

/**
 * Buttons, headings, labels, legends and table headers whose text is wider than their box, and
 * timeline ticks that run into each other (a tick may reach past its narrow bar by design).
 */
export async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const found: string[] = [];
    for (const e of document.querySelectorAll<HTMLElement>(
      `${sel} :is(button:not(.bucket), h1, h2, h3, label, legend, th, summary, option)`,
    )) {
      if (e.offsetParent === null) continue;
      if (e.scrollWidth > e.clientWidth + 1) found.push(e.innerText.slice(0, 60));
    }
    const ticks = [...document.querySelectorAll<HTMLElement>(`${sel} .tick`)]
      .filter((t) => t.innerText.trim() !== '')
      .map((t) => ({ text: t.innerText, box: t.getBoundingClientRect() }));
    for (let i = 1; i < ticks.length; i++)
      if (ticks[i - 1].box.right > ticks[i].box.left)
        found.push(`${ticks[i - 1].text} runs into ${ticks[i].text}`);
    return found;
  }, selector);
}

/**
 * A checker for one page: `check(name, selector, data)` adds what it finds to `problems` and
 * photographs the screen at both sizes in test-artifacts/pseudo/; the journey asserts `problems`
 * is empty at the end.
 */
export function pseudoChecker(page: Page): {
  problems: string[];
  check: (name: string, selector: string, data?: readonly string[]) => Promise<void>;
} {
  const problems: string[] = [];
  const check = async (name: string, selector: string, data: readonly string[] = []) => {
    for (const line of await textOutsideCatalogue(page, selector, data))
      problems.push(`${name}: "${line}" is not from a catalogue`);
    for (const text of await overflowing(page, selector))
      problems.push(`${name}: "${text}" overflows its box`);
    await screenshotSizes(page, `pseudo/${name}`);
  };
  return { problems, check };
}
