// No function in electron/ over 80 lines: a long function hides rules that belong in a service or
// a module of their own (issue 8). Measured with the TypeScript compiler's own parse, so arrow
// functions, methods and nested functions all count, each from its first line to its last
// (a function holding others counts them too: a composition stays short).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');
const MAX_LINES = 80;

/**
 * Functions still over the limit, outside the handlers and the inventory (the areas already
 * split): each is to be split by the work on its own area (the CLI command helper, the probes'
 * one step runner, the desk composition…), and this list only ever shrinks. A function listed
 * here that is now short fails the test until it is taken off.
 */
const NOT_YET_SPLIT: readonly string[] = [];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

function nameOf(node: ts.Node, file: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(file);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))
    return parent.name.getText(file);
  if (ts.isCallExpression(parent)) return `${parent.expression.getText(file).slice(0, 40)}(…)`;
  return '(anonymous)';
}

/** Every function over the limit, as "path:line name (N lines)". */
function longFunctions(): string[] {
  const found: string[] = [];
  for (const path of sources(join(ROOT, 'electron'))) {
    const file = ts.createSourceFile(
      path,
      readFileSync(path, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
        const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
        const end = file.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > MAX_LINES)
          found.push(`${relative(ROOT, path)}:${start + 1} ${nameOf(node, file)} (${lines} lines)`);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** "path:line name (N lines)" without the line number and the count, which move with edits. */
const key = (entry: string) => entry.replace(/:\d+ /, ' ').replace(/ \(\d+ lines\)$/, '');

describe('function length', () => {
  it(`no function in electron/ is over ${MAX_LINES} lines, apart from the shrinking list`, () => {
    const long = longFunctions();
    const listed = new Set(NOT_YET_SPLIT);
    assert.deepEqual(
      long.filter((f) => !listed.has(key(f))),
      [],
      `split these functions (at most ${MAX_LINES} lines each)`,
    );
    const fixed = NOT_YET_SPLIT.filter((f) => !long.some((l) => key(l) === f));
    assert.deepEqual(fixed, [], 'short now: take these off NOT_YET_SPLIT');
  });
});
