// Shared measuring for `npm run bench`: medians over interleaved runs, and one table whose ratios
// compare our code with a baseline measured in the same run. Absolute times are printed for
// information; the targets are ratios, except where the baseline is the platform itself (the
// browser's frame budget, the scrypt cost chosen by design): those rows say "absolute".
//
// Adding a row: `await compare({ name, ours, baseline, maxRatio })` measures both functions,
// alternating call by call so machine load hits both alike, and returns the row.
import { performance } from 'node:perf_hooks';

export type TargetKind = 'ratio' | 'absolute' | 'info';

export interface BenchRow {
  name: string;
  ours: number;
  /** The bare baseline in the same unit, measured in the same run. */
  baseline?: number;
  unit: 'ms' | 'KB' | 'MB';
  /** What the row must meet, in words (e.g. "ratio <= 1.1"). */
  target: string;
  /** Whether the target is met. */
  met: boolean;
  /**
   * 'ratio' (ours / baseline against a maximum), 'absolute' (a fixed budget, for rows whose
   * baseline is the platform itself) or 'info' (printed only). Defaults to 'ratio' when the row
   * has a baseline, 'absolute' otherwise.
   */
  kind?: TargetKind;
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

export async function timeMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** A row with a ratio target, from figures measured elsewhere. */
export function ratioRow(
  name: string,
  ours: number,
  baseline: number,
  maxRatio: number,
  note = '',
  unit: BenchRow['unit'] = 'ms',
): BenchRow {
  return {
    name,
    ours,
    baseline,
    unit,
    kind: 'ratio',
    target: `ratio <= ${maxRatio}${note ? ` (${note})` : ''}`,
    met: ours / baseline <= maxRatio,
  };
}

export interface RatioCase {
  name: string;
  ours: () => Promise<unknown> | unknown;
  baseline: () => Promise<unknown> | unknown;
  maxRatio: number;
  /** Measured runs of each side (default 15). */
  runs?: number;
  /** Unmeasured runs of each side first (default 2). */
  warmup?: number;
  note?: string;
}

/** Measures `ours` and `baseline` alternately and returns the row of their medians. */
export async function compare(c: RatioCase): Promise<BenchRow> {
  for (let i = 0; i < (c.warmup ?? 2); i++) {
    await c.baseline();
    await c.ours();
  }
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < (c.runs ?? 15); i++) {
    baseline.push(await timeMs(c.baseline));
    ours.push(await timeMs(c.ours));
  }
  return ratioRow(c.name, median(ours), median(baseline), c.maxRatio, c.note);
}

export function kindOf(row: BenchRow): TargetKind {
  return row.kind ?? (row.baseline === undefined ? 'absolute' : 'ratio');
}

export function ratio(row: BenchRow): number | undefined {
  return row.baseline ? row.ours / row.baseline : undefined;
}

const figure = (value: number | undefined, unit: string) =>
  value === undefined ? '' : `${value.toFixed(value >= 100 ? 0 : 2)} ${unit}`;

export function formatRows(rows: BenchRow[]): string {
  const width = Math.max(40, ...rows.map((r) => r.name.length)) + 2;
  const lines = rows.map((r) => {
    const rr = kindOf(r) === 'ratio' ? ratio(r) : undefined;
    const kind = kindOf(r);
    const status = kind === 'info' ? 'info' : r.met ? 'ok  ' : 'MISS';
    return [
      r.name.padEnd(width),
      figure(r.ours, r.unit).padStart(11),
      figure(r.baseline, r.unit).padStart(11),
      (rr === undefined ? '' : rr.toFixed(2)).padStart(7),
      `  ${status} ${kind === 'absolute' ? 'absolute: ' : ''}${r.target}`,
    ].join('');
  });
  return [
    `${'row'.padEnd(width)}${'ours'.padStart(11)}${'baseline'.padStart(11)}${'ratio'.padStart(7)}  target`,
    ...lines,
  ].join('\n');
}

/** The closing lines: `N of M ratio targets met`, then the absolute targets. */
export function summary(rows: BenchRow[]): string {
  const count = (kind: TargetKind) => {
    const of = rows.filter((r) => kindOf(r) === kind);
    return [of.filter((r) => r.met).length, of.length];
  };
  const [ratioMet, ratioAll] = count('ratio');
  const [absMet, absAll] = count('absolute');
  return [
    `${ratioMet} of ${ratioAll} ratio targets met`,
    `${absMet} of ${absAll} absolute targets met (rows whose baseline is the platform itself)`,
  ].join('\n');
}
