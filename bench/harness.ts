// Shared measuring for `npm run bench`: medians over repeated runs, and one table whose ratios
// compare our code with a baseline measured in the same run.
import { performance } from 'node:perf_hooks';

export interface BenchRow {
  name: string;
  ours: number;
  /** The bare baseline in the same unit, when the row has one. */
  baseline?: number;
  unit: 'ms' | 'KB' | 'MB';
  /** What the issue asks of this row, in words (e.g. "ratio <= 1.1"). */
  target: string;
  /** Whether the target is met. */
  met: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function medianMs(
  runs: number,
  fn: () => Promise<unknown> | unknown,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

export function ratio(row: BenchRow): number | undefined {
  return row.baseline ? row.ours / row.baseline : undefined;
}

export function formatRows(rows: BenchRow[]): string {
  const lines = rows.map((r) => {
    const rr = ratio(r);
    return [
      r.name.padEnd(52),
      `${r.ours.toFixed(2)} ${r.unit}`.padStart(14),
      (r.baseline === undefined ? '' : `${r.baseline.toFixed(2)} ${r.unit}`).padStart(14),
      (rr === undefined ? '' : rr.toFixed(2)).padStart(7),
      `  ${r.met ? 'ok  ' : 'MISS'} ${r.target}`,
    ].join('');
  });
  return [
    `${'measure'.padEnd(52)}${'ours'.padStart(14)}${'baseline'.padStart(14)}${'ratio'.padStart(7)}  target`,
    ...lines,
  ].join('\n');
}
