// The message catalogues: English (the source) and Japanese have the same keys, every message
// parses as ICU MessageFormat, each Japanese message uses the same arguments as its English one,
// and react-intl formats every message in both locales without an error. Japanese keeps the
// portal asset names, algorithm names and ids untranslated.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { createIntl } from 'react-intl';
import { TOKEN_TLS_IN_APP } from '../../shared/pkcs11.js';
import { AREAS, en, ja } from '../../renderer/i18n/catalogues.js';

const CATALOGUES = { en, ja } as Record<string, Record<string, string>>;

/** The names of a message's arguments (plural, select and tag contents included). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if ('value' in e && e.type !== TYPE.literal) into.add(String(e.value));
    if (e.type === TYPE.plural || e.type === TYPE.select)
      for (const option of Object.values(e.options)) argumentsOf(option.value, into);
    if (e.type === TYPE.tag) argumentsOf(e.children, into);
  }
  return into;
}

/** A value for each argument, as the screens pass them. */
function sampleValues(message: string): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const name of argumentsOf(parse(message))) values[name] = 2;
  return values;
}

describe('message catalogues', () => {
  it('a key lives in one area file only, and each area has the same keys in both languages', () => {
    for (const [language, areas] of Object.entries(AREAS)) {
      const seen = new Map<string, string>();
      for (const [area, messages] of Object.entries(areas))
        for (const key of Object.keys(messages)) {
          assert.ok(!seen.has(key), `${language}: ${key} is in ${seen.get(key)} and ${area}`);
          seen.set(key, area);
        }
    }
    for (const [area, messages] of Object.entries(AREAS.en))
      assert.deepEqual(
        Object.keys(messages).sort(),
        Object.keys(AREAS.ja[area as keyof typeof AREAS.ja]).sort(),
        `${area}: the same keys in English and Japanese`,
      );
  });

  it('English and Japanese have the same keys', () => {
    const missing = Object.keys(en).filter((k) => !(k in ja));
    const extra = Object.keys(ja).filter((k) => !(k in en));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
  });

  it('every message is valid ICU, and Japanese uses the arguments English does', () => {
    const problems: string[] = [];
    for (const [id, source] of Object.entries(en)) {
      let expected: Set<string>;
      try {
        expected = argumentsOf(parse(source));
      } catch (e) {
        problems.push(`en ${id}: ${(e as Error).message}`);
        continue;
      }
      const text = (ja as Record<string, string>)[id];
      try {
        const got = argumentsOf(parse(text));
        if ([...expected].sort().join() !== [...got].sort().join())
          problems.push(`ja ${id}: arguments ${[...got]} instead of ${[...expected]}`);
      } catch (e) {
        problems.push(`ja ${id}: ${(e as Error).message}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('react-intl formats every message in both locales without an error', () => {
    for (const locale of ['en', 'ja']) {
      const errors: string[] = [];
      const intl = createIntl({
        locale,
        messages: CATALOGUES[locale],
        onError: (e) => errors.push(e.message),
      });
      for (const [id, message] of Object.entries(CATALOGUES[locale])) {
        const out = intl.formatMessage({ id }, sampleValues(message));
        assert.equal(typeof out, 'string');
        assert.ok(out.length > 0, `${locale} ${id} is empty`);
      }
      assert.deepEqual(errors, []);
    }
  });

  it('a sentence main also says is the same words in English (one source)', () => {
    assert.equal(en['tokens.tlsInApp'], TOKEN_TLS_IN_APP);
  });

  it('the parser refuses broken ICU (the check can fail)', () => {
    assert.throws(() => parse('{count, plural, one {# item}'));
    assert.throws(() => parse('{count, plural, one {# item} other {# items}'));
  });

  it('Japanese is Japanese, and keeps ids and names that stay untranslated', () => {
    const untranslated = Object.entries(ja).filter(
      ([id, text]) => text === (en as Record<string, string>)[id] && /[a-z]{3}/.test(text),
    );
    // Messages that are only arguments and punctuation may be the same in both.
    assert.deepEqual(
      untranslated.map(([id]) => id),
      ['keys.described', 'timeline.legendItem', 'timeline.kindCount'],
    );
    for (const kept of ['MTLS_DESK_DATA_DIR', 'PKCS#11', 'pkcs11: URI', 'EXTRACTABLE'])
      assert.ok(
        Object.values(ja).some((text) => text.includes(kept)),
        `${kept} stays as it is in Japanese`,
      );
  });
});
