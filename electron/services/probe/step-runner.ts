// One runner for the steps of both probe directions: it reports a step as running, runs it,
// turns a thrown error into the direction's own outcome, times it for the waterfall, records it,
// then reports its status.
import type { ProbeProgress, ProbeStepStatus } from '../../../shared/diagnoses.js';

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export interface StepTiming {
  /** Milliseconds from the start of the run to the start of this step. */
  startMs: number;
  ms: number;
}

export function stepRunner<
  Name extends string,
  Outcome extends { status: ProbeStepStatus },
>(options: {
  /** performance.now() at the start of the run. */
  started: number;
  onProgress?: (progress: ProbeProgress) => void;
  /** What a step that threw ends as (or rethrow it). */
  onError: (error: unknown) => Outcome;
  /** Keeps the step's result, before its status is reported. */
  record: (name: Name, outcome: Outcome, timing: StepTiming) => void;
}): (name: Name, run: () => Promise<Outcome> | Outcome) => Promise<Outcome> {
  return async (name, run) => {
    const t0 = performance.now();
    options.onProgress?.({ step: name, status: 'running' });
    let outcome: Outcome;
    try {
      outcome = await run();
    } catch (error) {
      outcome = options.onError(error);
    }
    const timing = { startMs: roundMs(t0 - options.started), ms: roundMs(performance.now() - t0) };
    options.record(name, outcome, timing);
    options.onProgress?.({ step: name, status: outcome.status, ms: timing.ms });
    return outcome;
  };
}
