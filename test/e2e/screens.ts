// Screenshots of one screen at the two sizes the design is checked at (a small laptop window and a
// full-HD one), then back to the journey's own size.
import type { Page } from 'playwright';
import { screenshot } from './bridge.js';

export const SCREEN_SIZES: readonly [number, number][] = [
  [1024, 700],
  [1920, 1080],
];

export async function screenshotSizes(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const [width, height] of SCREEN_SIZES) {
    await page.setViewportSize({ width, height });
    await screenshot(page, `${name}-${width}x${height}`);
  }
  if (before) await page.setViewportSize(before);
}
