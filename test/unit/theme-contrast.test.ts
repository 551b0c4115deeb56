// The colour tokens of renderer/styles.css, read from the file itself, in both themes: the WCAG
// contrast of each pair the app shows together is at least 4.5:1 for text and 3:1 for the parts
// of a control or a chart (WCAG 2.2, 1.4.3 and 1.4.11).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const css = readFileSync(new URL('../../renderer/styles.css', import.meta.url), 'utf8');

type Theme = 'light' | 'dark';

/** Every `--name: light-dark(a, b)` of the :root block. */
function tokens(): Record<string, Record<Theme, string>> {
  const root = /:root\s*\{([\s\S]*?)\n\}/.exec(css);
  assert.ok(root, 'styles.css starts with a :root block');
  const found: Record<string, Record<Theme, string>> = {};
  for (const m of root[1].matchAll(
    /--([a-z-]+):\s*light-dark\(\s*(#[0-9a-f]+)\s*,\s*(#[0-9a-f]+)\s*\)/gi,
  )) {
    found[m[1]] = { light: m[2], dark: m[3] };
  }
  return found;
}

/** #rgb, #rgba, #rrggbb or #rrggbbaa as [r, g, b, a] in 0..1. */
function rgba(hex: string): [number, number, number, number] {
  let h = hex.slice(1);
  if (h.length <= 4) h = [...h].map((c) => c + c).join('');
  const n = (i: number) => parseInt(h.slice(i, i + 2), 16) / 255;
  return [n(0), n(2), n(4), h.length === 8 ? n(6) : 1];
}

function luminance([r, g, b]: number[]): number {
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The WCAG contrast ratio of a colour over an opaque background (a translucent one is blended first). */
export function contrast(fg: string, bg: string): number {
  const back = rgba(bg);
  assert.equal(back[3], 1, `${bg} is a background: it must be opaque`);
  const [r, g, b, a] = rgba(fg);
  const blended = [r, g, b].map((c, i) => c * a + back[i] * (1 - a));
  const [l1, l2] = [luminance(blended), luminance(back)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

const TEXT = 4.5;
const UI = 3;

/** [foreground token, background token, minimum, what it is]. */
const PAIRS: [string, string, number, string][] = [
  ['fg', 'bg', TEXT, 'body text on the page'],
  ['fg', 'card', TEXT, 'text on a card, a table or a step'],
  ['fg', 'field-bg', TEXT, 'what is typed in a field'],
  ['fg', 'code-bg', TEXT, 'a PEM or JSON block'],
  ['fg', 'warn-bg', TEXT, 'the lock note'],
  ['fg', 'confirm-bg', TEXT, 'the confirmation bar'],
  ['fg', 'selected-bg', TEXT, 'the chosen row of a picker'],
  ['fg', 'hover-bg', TEXT, 'a hovered bar'],
  ['fg', 'expired-bg', TEXT, 'the expired bar of the timeline'],
  ['muted', 'bg', TEXT, 'hints on the page'],
  ['muted', 'card', TEXT, 'hints on a card'],
  ['muted', 'cancelled-bg', TEXT, 'a cancelled operation'],
  ['muted', 'expired-bg', TEXT, 'a timeline tick under the expired bar'],
  ['tag-fg', 'card', TEXT, 'the portal name tag'],
  ['accent', 'bg', TEXT, 'links on the page'],
  ['accent', 'card', TEXT, 'links on a card'],
  ['on-accent', 'accent', TEXT, 'a primary button'],
  ['on-err', 'err', TEXT, 'a danger button'],
  ['header-fg', 'header-bg', TEXT, 'the navigation'],
  ['ok', 'bg', TEXT, 'a done note on the page'],
  ['ok', 'card', TEXT, 'a done mark in the table'],
  ['warn', 'bg', TEXT, 'a warning on the page'],
  ['warn', 'card', TEXT, 'an expiring mark in the table'],
  ['err', 'bg', TEXT, 'an error on the page'],
  ['err', 'card', TEXT, 'a failing mark, a failed step'],
  ['err', 'err-bg', TEXT, 'the error note'],
  ['focus', 'bg', UI, 'the focus ring on the page'],
  ['focus', 'card', UI, 'the focus ring on a card'],
  ['focus', 'header-bg', UI, 'the focus ring in the navigation'],
  ['control-line', 'card', UI, 'the border of a field or button on a card'],
  ['control-line', 'bg', UI, 'the border of a field or button on the page'],
  ['control-line', 'field-bg', UI, 'the border of a field'],
  ['accent', 'card', UI, 'a primary button, the client bars of the timeline, a waterfall bar'],
  ['err', 'card', UI, 'a danger button, a failed step bar, the today line'],
  ['ok', 'card', UI, 'the done dot of the wizard rail'],
  ['warn', 'card', UI, 'the expiring dot of the wizard rail'],
  ['server-a', 'card', UI, 'the server bars of the timeline'],
  ['thales-a', 'card', UI, 'the Thales bars of the timeline'],
  ['panel-line', 'card', UI, 'the border of the next-step panel'],
  ['header-fg', 'header-bg', UI, 'the current page in the navigation'],
];

describe('theme colour contrast (WCAG AA)', () => {
  const all = tokens();

  it('has a light and a dark value for every token the pairs use, and no other colour in the rules', () => {
    for (const [fg, bg] of PAIRS) {
      assert.ok(all[fg], `--${fg} is a light-dark() token`);
      assert.ok(all[bg], `--${bg} is a light-dark() token`);
    }
    const rules = css.slice(css.indexOf('\n}') + 2);
    assert.deepEqual(
      rules.match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? [],
      [],
      'colours outside the :root tokens',
    );
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme}: every pair reaches its minimum`, () => {
      const failures = PAIRS.flatMap(([fg, bg, min, what]) => {
        const ratio = contrast(all[fg][theme], all[bg][theme]);
        return ratio >= min
          ? []
          : [`${what}: --${fg} on --${bg} is ${ratio.toFixed(2)}:1 (< ${min})`];
      });
      assert.deepEqual(failures, []);
    });
  }

  it('computes known ratios (black on white 21:1, equal colours 1:1)', () => {
    assert.equal(contrast('#000', '#fff').toFixed(1), '21.0');
    assert.equal(contrast('#777', '#777'), 1);
    assert.equal(contrast('#767676', '#fff').toFixed(2), '4.54');
  });
});
