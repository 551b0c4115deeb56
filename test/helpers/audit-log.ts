// The audit trail as an attacker who can edit the data folder sees it: its lines read and written
// as they are, and the chain recomputed after an edit (the seals, keyed by the vault, cannot be).
// For the tamper tests (audit-tamper, audit-japanese, the Japanese audit journey's fixtures).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Entry = {
  seq: number;
  at: string;
  who: string;
  action: string;
  details: Record<string, unknown>;
  prev: string;
  hash: string;
  seal?: unknown;
};

export function readLog(dir: string): Entry[] {
  return readFileSync(join(dir, 'audit.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Entry);
}

export function writeLog(dir: string, entries: Entry[]): void {
  writeFileSync(join(dir, 'audit.log'), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

/** The attacker's script: recompute seq, prev and hash from the first line on. */
export function rechain(entries: Entry[]): Entry[] {
  let prev = '';
  return entries.map((e, i) => {
    const seq = i + 1;
    const canonical = JSON.stringify([
      seq,
      e.at,
      e.who,
      e.action,
      Object.entries(e.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      prev,
    ]);
    const hash = createHash('sha256').update(canonical).digest('hex');
    const next = { ...e, seq, prev, hash };
    prev = hash;
    return next;
  });
}
