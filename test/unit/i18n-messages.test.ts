// Findings and service errors in Japanese: each carries its id and params as data, and the Japanese
// template of that id (shared/i18n/findings.ja.json, errors.ja.json) uses exactly those params.
// The sites are read from the sources with the TypeScript compiler: every finding literal (an
// object with id, message and fix) in shared/rules and electron/services, and every error text (an
// object whose id is an error template's), with the keys of its params and, where a param is a
// literal, its value (a select in the template then takes that branch). The CLI stays English.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';
import {
  JAPANESE,
  literals,
  paramSets,
  sources,
  type ParamValues,
  type Site,
} from '../helpers/source-sites.js';
import { APP_HINTS } from '../../electron/main/app-wording.js';
import { JAPANESE_TEXTS } from '../../shared/i18n/japanese.js';
import type { Need } from '../../shared/needs.js';
import { lintSubject } from '../../shared/rules/subject.js';
import { ProgramCatalog } from '../../electron/services/programs.js';
import { loadJapanese } from '../../renderer/i18n/index.js';
import { errorText, findingText } from '../../renderer/components/data-text.js';

// The app says data in Japanese once its Japanese chunk has loaded (renderer/i18n/index.tsx).
before(() => loadJapanese());

const { errors: ERRORS_JA, needs: NEEDS_JA, findings: FINDINGS_JA } = JAPANESE_TEXTS;

function property(
  node: ts.ObjectLiteralExpression,
  name: string,
): ts.Expression | null | undefined {
  for (const p of node.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** Finding literals (id, message, fix) and error texts (an id of errors.ja.json) in a file. */
function sitesIn(file: string, source: string): { findings: Site[]; errors: Site[] } {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found = { findings: [] as Site[], errors: [] as Site[] };
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const id = property(node, 'id');
      const ids = id ? literals(id) : null;
      const where = `${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const isFinding = property(node, 'message') !== undefined && property(node, 'fix');
      if (ids && isFinding)
        found.findings.push({ where, ids, params: paramSets(property(node, 'params'), where) });
      else if (ids && ids.some((i) => Object.hasOwn(ERRORS_JA, i))) {
        // A finding given as a value (findingParams) is one more argument of the template.
        const quoted = paramSets(property(node, 'findingParams'), where)[0];
        const params = paramSets(property(node, 'params'), where).map((p) => ({
          ...p,
          ...Object.fromEntries(Object.keys(quoted).map((k) => [k, null])),
        }));
        found.errors.push({ where, ids, params });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** The arguments a template uses when filled with these values (a known select value picks its branch). */
function argumentsUsed(template: string, values: Record<string, string | null>): Set<string> {
  const used = new Set<string>();
  const walk = (elements: MessageFormatElement[]): void => {
    for (const e of elements) {
      if (e.type === TYPE.literal || e.type === TYPE.pound) continue;
      if (e.type === TYPE.tag) {
        walk(e.children);
        continue;
      }
      used.add(e.value);
      if (e.type === TYPE.select) {
        const value = values[e.value];
        if (value !== null && value !== undefined)
          walk((e.options[value] ?? e.options.other).value);
        else for (const option of Object.values(e.options)) walk(option.value);
      } else if (e.type === TYPE.plural) {
        for (const option of Object.values(e.options)) walk(option.value);
      }
    }
  };
  walk(parse(template));
  return used;
}

/** Each combination of a site's literal param values (computed ones stay null). */
function combinations(params: ParamValues): Record<string, string | null>[] {
  let all: Record<string, string | null>[] = [{}];
  for (const [key, values] of Object.entries(params))
    all = all.flatMap((c) => (values ?? [null]).map((v) => ({ ...c, [key]: v })));
  return all;
}

/** What is wrong between the sites and the templates (empty when each site fits its template). */
function mismatches(sites: Site[], templates: (id: string) => string[] | null): string[] {
  const problems: string[] = [];
  for (const site of sites)
    for (const id of site.ids) {
      const texts = templates(id);
      if (texts === null) {
        problems.push(`${site.where}: ${id} has no Japanese template`);
        continue;
      }
      for (const params of site.params)
        for (const values of combinations(params)) {
          const used = new Set(texts.flatMap((t) => [...argumentsUsed(t, values)]));
          const given = Object.keys(params).sort();
          if (JSON.stringify([...used].sort()) !== JSON.stringify(given))
            problems.push(
              `${site.where}: ${id} ${JSON.stringify(values)} gives {${given.join(', ')}} but its template uses {${[...used].sort().join(', ')}}`,
            );
        }
    }
  return problems;
}

const findingTemplates = (id: string) =>
  Object.hasOwn(FINDINGS_JA, id) ? [FINDINGS_JA[id].message, FINDINGS_JA[id].fix] : null;
const errorTemplates = (id: string) =>
  Object.hasOwn(ERRORS_JA, id) ? [ERRORS_JA[id as keyof typeof ERRORS_JA]] : null;

const files = [...sources('shared'), ...sources('electron')].filter(
  (f) => !f.startsWith(join('electron', 'cli')),
);
const all = files.map((f) => sitesIn(f, readFileSync(f, 'utf8')));
const findingSites = all.flatMap((s) => s.findings);
const errorSites = all.flatMap((s) => s.errors);

describe('findings in Japanese', () => {
  it('every finding a rule or service emits has a Japanese template using exactly its params', () => {
    const ids = new Set(findingSites.flatMap((s) => s.ids));
    assert.ok(ids.size >= 45, `found ${ids.size} finding ids`);
    assert.deepEqual(mismatches(findingSites, findingTemplates), []);
  });

  it('has no template for an id nothing emits', () => {
    const ids = new Set(findingSites.flatMap((s) => s.ids));
    assert.deepEqual(
      Object.keys(FINDINGS_JA).filter((id) => !ids.has(id)),
      [],
    );
  });

  it('catches a missing template, a param the template lacks and one it uses but is not given', () => {
    const snippet = [
      `const a = { id: 'cn-too-long', severity: 'error', message: 'm', fix: 'f', params: { field, length: 3, max } };`,
      `const b = { id: 'cn-too-long', severity: 'error', message: 'm', fix: 'f', params: { field, length: 3 } };`,
      `const c = { id: 'cn-too-long', severity: 'error', message: 'm', fix: 'f', params: { field, length: 3, max, extra } };`,
      `const d = { id: 'no-such-finding', severity: 'info', message: 'm', fix: 'f' };`,
      `const e = { id: 'asset-missing', message: 'm', fix: 'f', params: { asset, action: 'make' } };`,
      `const f = { id: 'cn-mismatch', message: 'm', fix: 'f', params: { variant: 'portal', cn, expected } };`,
      `const g = { id: 'cn-mismatch', message: 'm', fix: 'f', params: { variant: 'layout', cn, expected } };`,
    ].join('\n');
    const problems = mismatches(sitesIn('synthetic.ts', snippet).findings, findingTemplates);
    assert.deepEqual(
      problems.map((p) => p.split(':')[1]),
      ['2', '3', '4', '7'],
    );
  });

  it('says a CN finding of the identity step in Japanese, with its values', () => {
    const profile = ProgramCatalog.load().get('tmg-merchant');
    const findings = lintSubject(
      { CN: 'x'.repeat(70), O: 'ACME' },
      { profile, environmentId: profile.environments[0].id, now: new Date(), expiringSoonDays: 30 },
      null,
    );
    const tooLong = findings.find((f) => f.id === 'cn-too-long');
    assert.ok(tooLong, JSON.stringify(findings));
    const ja = findingText(tooLong, 'ja');
    assert.ok(ja.translated);
    assert.match(ja.message, JAPANESE);
    assert.match(ja.message, /70/);
    assert.match(ja.fix, /64/);
    assert.equal(findingText(tooLong, 'en').message, `${tooLong.message}.`);
  });
});

describe('errors in Japanese', () => {
  it('every error text names a template that uses exactly its params', () => {
    assert.ok(errorSites.length >= 50, `found ${errorSites.length} error texts`);
    assert.deepEqual(mismatches(errorSites, errorTemplates), []);
  });

  it('has no template for an id nothing uses', () => {
    const ids = new Set(errorSites.flatMap((s) => s.ids));
    assert.deepEqual(
      Object.keys(ERRORS_JA).filter((id) => !ids.has(id)),
      [],
    );
  });

  it('catches an error text whose params do not fit its template', () => {
    const snippet = [
      `throw new UserError('not-found', 'm', {}, { id: 'vault.no-key', params: { key: id } });`,
      `throw new UserError('not-found', 'm', {}, { id: 'vault.no-key', params: { keyId: id } });`,
      `throw new UserError('locked', 'm', {}, { id: 'vault.locked', params: { dir } });`,
    ].join('\n');
    assert.deepEqual(
      mismatches(sitesIn('synthetic.ts', snippet).errors, errorTemplates).map(
        (p) => p.split(':')[1],
      ),
      ['2', '3'],
    );
  });

  it('every template is well-formed ICU and says something in Japanese', () => {
    for (const [id, template] of Object.entries(ERRORS_JA)) {
      const values = Object.fromEntries(
        [...argumentsUsed(template, {})].map((a) => [a, a === 'seconds' ? 3 : `«${a}»`]),
      );
      const text = errorText({ message: 'English', messageId: id, params: values }, 'ja');
      assert.match(text, JAPANESE, id);
      assert.doesNotMatch(text, /[{}]/, id);
    }
  });

  it('says an error in Japanese when its id is known and the locale ja, in English otherwise', () => {
    const error = {
      message: 'no key k1 in the vault: choose one of its keys (the Vault screen lists them)',
      messageId: 'vault.no-key',
      params: { key: 'k1' },
      need: 'list-keys' as const,
    };
    const ja = errorText(error, 'ja');
    assert.match(ja, /k1/);
    assert.match(ja, JAPANESE);
    assert.ok(ja.includes(NEEDS_JA['list-keys']));
    assert.equal(errorText(error, 'en'), error.message);
    assert.equal(errorText({ ...error, messageId: 'no-such-id' }, 'ja'), error.message);
  });

  it('says where to go for exactly the needs the English app wording has a place for', () => {
    for (const need of Object.keys(APP_HINTS) as Need[])
      assert.equal(
        NEEDS_JA[need] === '',
        APP_HINTS[need]({}, undefined) === null,
        `${need}: ${NEEDS_JA[need]}`,
      );
    assert.deepEqual(Object.keys(NEEDS_JA).sort(), Object.keys(APP_HINTS).sort());
  });

  it('every UserError of the services and main carries its text (the app can say it in Japanese)', (t) => {
    // The browser shell's own start-up errors go to the terminal that started it, before any
    // window exists: English, like the command line.
    const app = files.filter(
      (f) => !f.startsWith('shared') && !f.startsWith(join('electron', 'shell')),
    );
    const english: string[] = [];
    let translated = 0;
    for (const f of app) {
      const tree = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isNewExpression(node) && node.expression.getText() === 'UserError') {
          if ((node.arguments?.length ?? 0) >= 4) translated += 1;
          else english.push(`${f}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(tree);
    }
    t.diagnostic(
      `UserError sites: ${translated} with a Japanese text, ${english.length} English only`,
    );
    assert.deepEqual(english, [], 'give these errors their text ({ id, params }, errors.ja.json)');
    assert.ok(translated > 200);
  });
});
