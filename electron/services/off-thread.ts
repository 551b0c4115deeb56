// Runs the heavy reading of untrusted input (decoding, chain ordering, signature checks, key
// derivations) in a worker thread, so the process that calls it (Electron's main, with the window
// it serves) never stalls on a paste or a file, and the work can be stopped: a cancelled or
// overdue task terminates its worker, whatever JavaScript loop it is in.
//
// The worker is the same code: `off-thread-worker.ts` from the sources (tests and `npm run cli`,
// through tsx) or `dist/worker.js` beside the bundles. Where neither can be started, the task runs
// in this thread instead (still bounded by the input limits, only not off the main thread).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LIMIT_MESSAGES, LIMIT_TEXTS, OFF_THREAD_TIMEOUT_MS } from '../../shared/input-limits.js';
import type { ErrorText } from '../../shared/i18n/errors.js';
import { UserError, type UserErrorCode, type UserErrorDetails } from './errors.js';

export type PassphraseAsk = () => Promise<string | undefined> | string | undefined;

export interface OffThreadOptions {
  /** What is being read, for the timeout and cancel sentences ("pasted text", a file name). */
  what: string;
  /** Asked (in this thread) only when the input turns out to need it. */
  passphrase?: PassphraseAsk;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** What the worker sends back. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'passphrase' }
  | { type: 'done'; value: unknown }
  | {
      type: 'error';
      error: {
        user: boolean;
        code?: UserErrorCode;
        message: string;
        details?: UserErrorDetails;
        text?: ErrorText;
      };
    };

/** What this thread sends the worker. */
export type TaskMessage =
  | { type: 'task'; op: string; args: unknown[]; hasPassphrase: boolean }
  | { type: 'passphrase'; value: string | undefined };

type Start = { file: string } | { code: string } | null;

function workerStart(): Start {
  if (process.env.MTLS_DESK_NO_WORKER === '1') return null;
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // From the sources: the worker registers tsx first, as this process did.
    try {
      const tsx = import.meta.resolve('tsx/esm/api');
      const entry = new URL('./off-thread-worker.ts', here).href;
      return {
        code: `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`,
      };
    } catch {
      return null;
    }
  }
  // Bundled: dist/worker.js beside dist/cli.js, or one folder up from dist/main/index.js.
  for (const relative of ['./worker.js', '../worker.js']) {
    const file = fileURLToPath(new URL(relative, here));
    if (existsSync(file)) return { file };
  }
  return null;
}

let start: Start | undefined;
/** A worker that finished its task, kept for the next one (starting one costs a module load). */
let idle: Worker | null = null;

function spawn(): Worker | null {
  start ??= workerStart();
  if (!start) return null;
  try {
    return 'file' in start
      ? new Worker(start.file)
      : new Worker(start.code, { eval: true, execArgv: [] });
  } catch {
    start = null;
    return null;
  }
}

/** Buffers come back from a worker as plain Uint8Arrays: give them their Buffer face again. */
export function revive(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value))
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

function errorOf(error: Extract<WorkerMessage, { type: 'error' }>['error']): Error {
  return error.user && error.code
    ? new UserError(error.code, error.message, error.details, error.text)
    : new Error(error.message);
}

/** A time limit that runs while the worker works, not while a person types a passphrase. */
class WorkClock {
  private since = Date.now();
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private left: number,
    private readonly onOverdue: () => void,
  ) {
    this.resume();
  }
  resume(): void {
    this.since = Date.now();
    this.timer = setTimeout(this.onOverdue, Math.max(0, this.left));
  }
  pause(): void {
    clearTimeout(this.timer);
    this.left -= Date.now() - this.since;
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

/** After a task: keep a healthy worker for the next one (one at most), or end it. */
function release(worker: Worker, keep: boolean): void {
  worker.removeAllListeners();
  if (keep && idle === null) {
    idle = worker;
    worker.unref();
    // An idle worker that fails later is simply dropped.
    worker.on('error', () => idle === worker && (idle = null));
    worker.on('exit', () => idle === worker && (idle = null));
  } else void worker.terminate();
}

/** A task cancelled before or while it ran (said the same way in both places). */
function cancelled(what: string): UserError {
  return new UserError(
    'cancelled',
    LIMIT_MESSAGES.cancelled(what),
    {},
    LIMIT_TEXTS.cancelled(what),
  );
}

/** A task that ran past its time. */
function timedOut(what: string, timeoutMs: number): UserError {
  return new UserError(
    'bad-input',
    LIMIT_MESSAGES.timedOut(what, timeoutMs),
    {},
    LIMIT_TEXTS.timedOut(what, timeoutMs),
  );
}

/**
 * Runs `op` of the worker (see off-thread-worker.ts) with `args`; `inline` is the same work, run
 * in this thread when no worker can be had. Rejects with the worker's own UserError, or with one
 * sentence when the task is cancelled or runs past its time.
 */
export async function offThread<T>(
  op: string,
  args: unknown[],
  options: OffThreadOptions,
  inline: () => Promise<T>,
): Promise<T> {
  if (options.signal?.aborted) throw cancelled(options.what);
  const reused = idle !== null;
  const worker = idle ?? spawn();
  idle = null;
  if (!worker) return inline();
  worker.ref();
  worker.removeAllListeners();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let started = reused;
    const finish = (keep: boolean, outcome: () => void) => {
      if (settled) return;
      settled = true;
      clock.stop();
      options.signal?.removeEventListener('abort', onAbort);
      release(worker, keep);
      outcome();
    };
    const onAbort = () => finish(false, () => reject(cancelled(options.what)));
    const timeoutMs = options.timeoutMs ?? OFF_THREAD_TIMEOUT_MS;
    const clock = new WorkClock(timeoutMs, () =>
      finish(false, () => reject(timedOut(options.what, timeoutMs))),
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        started = true;
        return;
      }
      if (message.type === 'passphrase') {
        clock.pause();
        Promise.resolve(options.passphrase?.()).then(
          (value) => {
            if (settled) return;
            clock.resume();
            worker.postMessage({ type: 'passphrase', value } as TaskMessage);
          },
          (error: unknown) => finish(false, () => reject(error)),
        );
        return;
      }
      if (message.type === 'done') finish(true, () => resolve(revive(message.value) as T));
      else finish(true, () => reject(errorOf(message.error)));
    });
    const broken = (error: Error) => {
      if (!started) {
        // The worker could not even load: run here from now on.
        start = null;
        finish(false, () => inline().then(resolve, reject));
      } else {
        finish(false, () => reject(error));
      }
    };
    worker.on('error', broken);
    worker.on('exit', (code) =>
      broken(new Error(`the reader stopped unexpectedly (exit code ${code})`)),
    );
    worker.postMessage({
      type: 'task',
      op,
      args,
      hasPassphrase: options.passphrase !== undefined,
    } as TaskMessage);
  });
}
