// Reading message sites out of the sources with the TypeScript compiler, for the tests that hold
// every id beside its Japanese template (i18n-messages, i18n-probe-steps): which files, a literal
// id or a choice of literals, and the params' keys with their literal values where the source
// gives one (a select in the template then takes that branch).
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Japanese script: a template or a sentence that says something in Japanese. */
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** A param's possible literal values, or null when the source computes it. */
export type ParamValues = Record<string, string[] | null>;

export interface Site {
  where: string;
  ids: string[];
  /** One entry per way the params are built (a conditional gives two). */
  params: ParamValues[];
}

/** The TypeScript files below a folder. */
export function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The literal values an expression can take, or null when the source computes it. */
export function literals(node: ts.Expression): string[] | null {
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) {
    const a = literals(node.whenTrue);
    const b = literals(node.whenFalse);
    return a && b ? [...a, ...b] : null;
  }
  return null;
}

/** The params' keys and literal values, once per way a conditional builds them. */
export function paramSets(node: ts.Expression | null | undefined, where: string): ParamValues[] {
  if (node === undefined || node === null) return [{}];
  if (ts.isParenthesizedExpression(node)) return paramSets(node.expression, where);
  if (ts.isConditionalExpression(node))
    return [...paramSets(node.whenTrue, where), ...paramSets(node.whenFalse, where)];
  assert.ok(ts.isObjectLiteralExpression(node), `${where}: params are an object literal`);
  const values: ParamValues = {};
  for (const p of node.properties) {
    if (ts.isShorthandPropertyAssignment(p)) values[p.name.text] = null;
    else if (ts.isPropertyAssignment(p)) values[p.name.getText()] = literals(p.initializer);
    else assert.fail(`${where}: params name each key (no spread)`);
  }
  return [values];
}
