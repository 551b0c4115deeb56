// Journeys in Japanese, written with the English words a person reads: `say(english)` gives the
// same message in the active catalogue (the key found by its exact English text, so a string that
// is not in a catalogue fails the lookup), `sayLike(pattern)` a RegExp over the Japanese of the
// English messages it matches. `englishLeft` finds what on a screen is still English words.
import assert from 'node:assert/strict';
import { createIntl } from 'react-intl';
import type { Page } from 'playwright';
import { en } from '../../renderer/i18n/en.js';
import { ja } from '../../renderer/i18n/ja.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { ASSET_NAMES } from '../../shared/programs/names.js';

type Language = 'en' | 'ja';
const CATALOGUE: Record<Language, Record<string, string>> = { en, ja };

/** The key of an English message, by its exact text. */
export function keyOf(english: string): string {
  const keys = Object.keys(en).filter((k) => (en as Record<string, string>)[k] === english);
  assert.ok(keys.length > 0, `no catalogue message reads "${english}"`);
  return keys[0];
}

/** A message in `language`, found by its English text, formatted with `values`. */
export function say(
  language: Language,
  english: string,
  values: Record<string, string | number> = {},
): string {
  return sayKey(language, keyOf(english), values);
}

/** A message by key in `language`, formatted with `values`. */
export function sayKey(
  language: Language,
  key: string,
  values: Record<string, string | number> = {},
): string {
  assert.ok(CATALOGUE[language][key] !== undefined, `no message ${key}`);
  const intl = createIntl({ locale: language, messages: CATALOGUE[language] });
  return intl.formatMessage({ id: key }, values);
}

/** A RegExp for a message by key in `language`, each {argument} matching anything. */
export function sayLike(language: Language, key: string): RegExp {
  const message = CATALOGUE[language][key];
  assert.ok(message !== undefined, `no message ${key}`);
  const escaped = message
    .split(/\{[^{}]*\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/** Words a Japanese screen may show in Latin letters: names, not sentences. */
const NAMES = [
  ...ASSET_NAMES,
  // Thales's product names, as the Japanese documentation writes them too.
  ...ProgramCatalog.load()
    .list()
    .map((p) => p.displayName),
  'Token Service Hub',
  'xPay Enablement',
  'D1 Portal for Issuer',
  'mTLS Desk',
  'Thales',
  'DigiCert',
  'OpenSSL',
  'PEM',
  'DER',
  'CSR',
  'TLS',
  'mTLS',
  'PKCS#12',
  'PKCS#8',
  'PKCS#11',
  'SHA-256',
  'SHA-1',
  'RSA',
  'ECDSA',
  'EC',
  'P-256',
  'P-384',
  'prime256v1',
  'secp384r1',
  'HTTP',
  'HTTPS',
  'URL',
  'CN',
  'OAuth',
  'JWK',
  'TSH',
  'TMG',
  'D1',
  'nginx',
  'Apache',
  'HAProxy',
  'curl',
  'JSON',
  'CHECKLIST.md',
  'manifest.json',
];

/**
 * English left on a Japanese screen: lines of `selector`'s visible text (minus the data elements)
 * that still hold a run of three or more Latin words once names, file names, paths, host names,
 * hex and ids are taken out.
 */
export async function englishLeft(
  page: Page,
  selector: string,
  data: readonly string[] = [],
): Promise<string[]> {
  const text = await page.evaluate(
    ([sel, dataSelectors]) => {
      const root = document.querySelector(sel);
      if (!root) return '';
      const clone = root.cloneNode(true) as HTMLElement;
      for (const e of dataSelectors.flatMap((d) => [...clone.querySelectorAll(d)])) e.remove();
      clone.querySelectorAll('[data-raw-data], .mono, code, pre').forEach((e) => e.remove());
      clone.style.position = 'absolute';
      clone.style.left = '-99999px';
      document.body.append(clone);
      const visible = clone.innerText;
      clone.remove();
      return visible;
    },
    [selector, data] as const,
  );
  const sorted = [...NAMES].sort((a, b) => b.length - a.length);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => {
      // Distinguished names are data: taken out before the names inside them.
      let rest = line.replace(/\b(CN|OU|O|C|L|ST)=[^,」"]*/g, ' ');
      for (const name of sorted) rest = rest.split(name).join(' ');
      rest = rest
        .replace(/\S*[/\\]\S*/g, ' ') // paths, URLs, host/path
        .replace(/\S+\.[a-z0-9]{2,5}\b/gi, ' ') // file and host names
        .replace(/\b[0-9A-F]{2}(:[0-9A-F]{2})+\b/gi, ' ') // fingerprints
        .replace(/\b[A-Z0-9_-]{2,}\b/g, ' '); // ids, codes, identifiers in capitals
      return /[A-Za-z]{2,}(\s+[A-Za-z]{2,}){2,}/.test(rest);
    });
}
